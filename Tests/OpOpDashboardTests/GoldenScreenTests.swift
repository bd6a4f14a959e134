import XCTest
import OpOpTrace
@testable import OpOpDashboard

/// Whole 80x24 frames compared exactly, in Unicode and ASCII, with and without overlays.
final class GoldenScreenTests: XCTestCase {
    static let now = Fixtures.startTime + 60

    static func smallRun() -> RunHistory {
        Fixtures.run(steps: 600, groups: ["embed.weight", "hidden.weight", "hidden.bias", "out.weight"])
    }

    static func largeRun() -> RunHistory {
        Fixtures.run(steps: 300, groups: (0..<48).map { "layers.\($0).weight" })
    }

    static func screens() -> [(String, Grid)] {
        var view = ViewState()
        view.selectedGroup = 1
        let unicode = renderDashboard(
            history: smallRun(), view: view, now: now, width: 80, height: 24,
            options: RenderOptions(glyphs: .unicode, colour: true)
        )
        let ascii = renderDashboard(
            history: smallRun(), view: view, now: now, width: 80, height: 24,
            options: RenderOptions(glyphs: .ascii, colour: false)
        )

        view.selectedGroup = 40
        view.overlay = .help
        let help = renderDashboard(
            history: largeRun(), view: view, now: now, width: 80, height: 24,
            options: RenderOptions(glyphs: .ascii, colour: false)
        )

        view.overlay = .confirmResetAll
        view.isPaused = true
        view.logScale = true
        view.timeWindowIndex = 0
        view.statusMessage = "snapshot saved to runs/x/step-000299.npz"
        let confirm = renderDashboard(
            history: largeRun(), view: view, now: now, width: 80, height: 24,
            options: RenderOptions(glyphs: .unicode, colour: false)
        )
        return [("unicode", unicode), ("ascii", ascii), ("help", help), ("confirm", confirm)]
    }

    private func screen(_ name: String) -> String {
        Self.screens().first { $0.0 == name }!.1.text
    }

    func testUnicodeScreen() {
        XCTAssertEqual(screen("unicode"), Self.unicodeScreen)
    }

    func testAsciiScreen() {
        XCTAssertEqual(screen("ascii"), Self.asciiScreen)
    }

    func testHelpOverlayScreen() {
        XCTAssertEqual(screen("help"), Self.helpScreen)
    }

    func testConfirmPausedLogScreen() {
        XCTAssertEqual(screen("confirm"), Self.confirmScreen)
    }

    func testAsciiScreenIsPureASCII() {
        for (name, grid) in Self.screens() where name == "ascii" || name == "help" {
            XCTAssertTrue(grid.text.allSatisfy(\.isASCII), name)
        }
    }

    static let unicodeScreen = """
        opop-top · digits-mlp · adam lr=0.001 · digits-seed1                  window all
        ┌ Loss raw EMA ───────────────────────────────────────────── • accuracy 0.9275 ┐
        │2.4009 ⠻⣖⡒⠤⣀⡀          F               U     R            S •         • 0.9275│
        │        ⠈⠻⢦⣄⠈⠒⠤⣀                                 •                            │
        │           ⠉⠳⣦⡀ ⠉⠢⢄⡀                  •                                       │
        │1.4227        ⠉⠻⠦⣄⡀⠈⠑⠢⢄⡀                                                0.8196│
        │                 ⠈⠙⠓⠦⣤⣀⠈⠉⠒⠤⣀•                                                 │
        │                      ⠈⠙⠓⠶⢤⣤⣈⣉⠒⠢⠤⢄⣀⡀                                          │
        │                            ⠈⠉⠉⠛⠒⠶⠶⠬⣭⣕⣒⣒⣤⣤⡤⢄⣀⣀⣀                               │
        │0.1186           •                     ⠈⠉⠉⠉⠉⠛⠛⠛⠛⠛⠛⠻⠿⠶⠶⠶⠶⠶⠶⠶⠤⠤⣤⣤⣤⣤⣤⣤⣤⣤⣤⣤ 0.6757│
        └ step 0 ───────────────────────────────────────────────────────────────── 599 ┘
        ┌ Reward mean baseline ──────────────────────── reward -0.003  baseline 0.0014 ┐
        │0.0113 ⠖⠒⠞⠶⠖⠲⠖⠤⠴⠤⡤⢤⠤⢤⡤⢤⡤F⣠⣀⣠⣠⣀⣀⣀⣠⣀⣀⣀⣠⣀⣀⣀⢠⡀U⢀     R             S⡀   ⡀   ⡀   ⡀ │
        │-0.003                  ⠁   ⠁⠁ ⠁⠃⠁⠈⠁⠃⠉⠉⠉⠉⠉⠉⠋⠉⠋⠉⠋⠉⠋⠉⠋⠉⠋⠉⠟⠙⠋⠉⠟⠙⠋⠉⠿⠙⠋⠓⠶⠛⠚⠒⠲⠛⡞⠒⠲⠛⡞│
        └──────────────────────────────────────────────────────────────────────────────┘
        ┌ Groups ──────────────────────────────────────────────────────────── 1-4 of 4 ┐
        │  name           scale          clip           dampen        grad             │
        │  embed.weight   1.33x █▄▁█▃▁█  0.79x ▇▃▁▆█▅▁  0.65 ▆█▇▄▁▁▄  0.1101 █▅▄▃▂▁▁   │
        │> hidden.weight  0.87x █▁▅█▁▅▇  1.00x ▄▁▄█▆▂▂  0.89 █▇▃▁▁▄▇  0.1101 █▅▄▃▂▁▁   │
        │  hidden.bias    0.52x ▅▁█▄▁█▄  1.21x ▁▃██▃▁▆  0.78 ▇▃▁▁▄▇█  0.1101 █▅▄▃▂▁▁   │
        │  out.weight     0.62x ▁▄█▁▅█▁  1.23x ▂▆█▄▁▄█  0.41 ▃▁▂▅██▅  0.1101 █▅▄▃▂▁▁   │
        └──────────────────────────────────────────────────────────────────────────────┘
        step 599  10.0 steps/s  1m00s  loss 0.1321  LEARNING   updates 60  bad 0  snaps…
        q Quit ? Help f Freeze r Reset R Reset all s Snapshot l Log ␣ Pause +- Window
        """

    static let asciiScreen = """
        opop-top | digits-mlp | adam lr=0.001 | digits-seed1                  window all
        + Loss . raw * EMA ----------------------------------------- o accuracy 0.9275 +
        |2.4009 ****            F               U     R            S o         o 0.9275|
        |        ...****                                  o                            |
        |          .....****                   o                                       |
        |1.4227        .....*****                                                0.8196|
        |                 .......****o                                                 |
        |                       ......********                                         |
        |                              .......*****************                        |
        |0.1186           o                            ........***************** 0.6757|
        + step 0 ----------------------------------------------------------------- 599 +
        + Reward . mean = baseline -------------------- reward -0.003  baseline 0.0014 +
        |  0.01 =================F==========     . U      R             S              |
        | -1e-3                  .      ....===========================================|
        +------------------------------------------------------------------------------+
        + Groups ------------------------------------------------------------ 1-4 of 4 +
        |  name           scale          clip           dampen        grad             |
        |  embed.weight   1.33x #~_#-_#  0.79x *-_+#=_  0.65 +#*~__~  0.1101 #=~-.__   |
        |> hidden.weight  0.87x #_=#_=*  1.00x ~_~#+..  0.89 #*-__~*  0.1101 #=~-.__   |
        |  hidden.bias    0.52x =_#~_#~  1.21x _-##-_+  0.78 *-__~*#  0.1101 #=~-.__   |
        |  out.weight     0.62x _~#_=#_  1.23x .+#~_~#  0.41 -_.=##=  0.1101 #=~-.__   |
        +------------------------------------------------------------------------------+
        step 599  10.0 steps/s  1m00s  loss 0.1321  LEARNING   updates 60  bad 0  snaps~
        q Quit ? Help f Freeze r Reset R Reset all s Snapshot l Log Spc Pause +- Window
        """

    static let helpScreen = """
        opop-top | digits-mlp | adam lr=0.001 | digits-seed1                  window all
        + Loss . raw * EMA ----------------------------------------- o accuracy 0.8491 +
        |2.4009 ********        F               U     R            S           o 0.8491|
        |         .+ Help --------------------------------------------------+          |
        |          |                                                        |          |
        |1.4005    | q  F10         quit                                    |    0.7624|
        |          | ?  h  F1       show this help; any key closes it       |          |
        |          | f              freeze or unfreeze the brain's learning |**        |
        |0.4001    | Up Down  k j   select a parameter group                |..* 0.6757|
        + step 0 --| PgUp PgDn      move the selection one page             |----- 299 +
        + Reward . | Home End  g G  select the first or last group          |ne 0.0037 +
        |0.0118 ===| r              reset the selected group's brain state  |  .       |
        |8.5e-4    | R              reset all groups (asks y/n first)       |==========|
        +----------| s              save a snapshot of the brain            |----------+
        + Groups --| l              toggle log scale on the loss chart      |of 48 ^ v +
        |  name    | Space          pause or resume the display             |          |
        |  layers.3| +  -           widen or narrow the time window         |85 #+=-.._|
        |  layers.3| o              show or hide the trainer's output       |85 #+=-.._|
        |  layers.3|                                                        |85 #+=-.._|
        |  layers.3+-------------------------------- press any key to close +85 #+=-.._|
        |> layers.40.weight  0.83x +._~*#=  1.13x __.=*#*  0.25 #+~.__.  0.4585 #+=-.._|
        +------------------------------------------------------------------------------+
        step 299  2.49 steps/s  1m00s  loss 0.4001  LEARNING   updates 30  bad 0  snaps~
        q Quit ? Help f Freeze r Reset R Reset all s Snapshot l Log Spc Pause +- Window
        """

    static let confirmScreen = """
        opop-top · digits-mlp · adam lr=0.001 · digits-seed1                  window 100
        ┌ Loss raw EMA (log) ─────────────────────────────────────── • accuracy 0.8491 ┐
        │0.9806 ⠉⠑⠒⠒⠒⠢⠤⠤⠤⣀⣀⣀⣀            S                                       0.934 │
        │                    ⠉⠉⠉⠑⠒⠒⠒⠤⠤⠤⠤⣀⣀⣀⣀                                           │
        │       ⠢⣀ ⣄⡀ ⣀⡀                    ⠉⠉⠉⠑⠒⠒⠒⠢⠤⠤⠤⢄⣀⣀⣀                            │
        │0.6264   ⠉ ⠈⠉ ⠈⠑⠒⠉⠒⠢⡠⠒⢄⣀⠦⣀⡀⢀⣀                     ⠉⠉⠉⠉⠒⠒⠒⠒⠤⠤⠤⢄⣀⣀⣀⡀    • 0.8491│
        │                          ⠈⠁ ⠉⠑⠜⠉⠢⠤⠓⠢⢄⡠⠢⣀ ⢠⡀  ⣀                  ⠈⠉⠉⠉⠑⠂       │
        │                                         ⠉⠃⠈⠉⠊ ⠑⠤⠜⠒⠢⣀⡰⠤⢄⡰⠤⡀ ⢠⡀                │
        │0.4001                                                  ⠁ ⠈⠑⠃⠈⠑⠢⠊⠑⠤⡜⠒⠢⡀ 0.7642│
        └ step 200 ─────────────┌ Confirm ─────────────────────┐────────────────── 299 ┘
        ┌ Reward mean baseline ─│                              │0.002  baseline 0.0037 ┐
        │0.0138 ⣄⣀⣀⣰⣄⣀⣠⣓⣤⣀⣀⣗⣄⣀⣀⣰│  Reset all 48 groups? (y/n)  │⣄⣀⣀⣰⣤⣀⣀⣗⣄⣀⣀⣰⣄⣀⣀⣰⠤⡀ ⡗⢄  │
        │-0.006  ⠑⢢⠃ ⠑⠎  ⠑⠼  ⠑⢢⠃│                              │ ⠉⢆⡎ ⠑⠼  ⠉⢢⠃ ⠘⢄⡎⠉⠙⠻⠉⠉⠉⠃│
        └───────────────────────└──────────────────────────────┘───────────────────────┘
        ┌ Groups ───────────────────────────────────────────────────── 37-41 of 48 ↑ ↓ ┐
        │  name              scale          clip           dampen        grad          │
        │  layers.36.weight  0.76x █▅▂▁▁▃▅  0.75x █▆▄▃▂▁▁  0.90 ▁▃▅▆▇██  0.4585 █▇▅▄▃▂▁│
        │  layers.37.weight  1.24x ▁▁▂▃▄▆█  0.90x ▂▁▁▂▃▆█  0.70 ██▇▆▅▃▁  0.4585 █▇▅▄▃▂▁│
        │  layers.38.weight  1.50x ▁▂▄▅▆▇█  1.14x ▁▂▃▄▅▇█  0.31 █▇▆▅▃▂▁  0.4585 █▇▅▄▃▂▁│
        │  layers.39.weight  1.30x ▁▄▆██▇▆  1.25x ▁▃▄▆▇██  0.10 █▆▅▃▂▁▁  0.4585 █▇▅▄▃▂▁│
        │> layers.40.weight  0.83x ███▇▅▃▁  1.13x ▅▇██▆▄▁  0.25 ▁▁▁▂▄▆█  0.4585 █▇▅▄▃▂▁│
        └──────────────────────────────────────────────────────────────────────────────┘
         PAUSED  step 299  2.49 steps/s  1m00s  loss 0.4001  LEARNING   updates 30  bad…
        snapshot saved to runs/x/step-000299.npz
        """
}
