/// Every key the dashboard handles and what it does, for the help overlay and `--help`.
public enum KeyBindings {
    public static let all: [(keys: String, action: String)] = [
        ("q  F10", "quit"),
        ("?  h  F1", "show this help; any key closes it"),
        ("f", "freeze or unfreeze the brain's learning"),
        ("Up Down  k j", "select a parameter group"),
        ("PgUp PgDn", "move the selection one page"),
        ("Home End  g G", "select the first or last group"),
        ("r", "reset the selected group's brain state"),
        ("R", "reset all groups (asks y/n first)"),
        ("s", "save a snapshot of the brain"),
        ("l", "toggle log scale on the loss chart"),
        ("Space", "pause or resume the display"),
        ("+  -", "widen or narrow the time window"),
        ("o", "show or hide the trainer's output"),
    ]
}
