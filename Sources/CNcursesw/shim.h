// Wide-character declarations are hidden unless this is defined before the include.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Swift does not import macros that expand to expressions, such as the attribute
// masks or the `wattr_set` macro, so these prefixed functions re-export them.

static inline attr_t opop_curses_attribute_normal(void) { return A_NORMAL; }
static inline attr_t opop_curses_attribute_bold(void) { return A_BOLD; }
static inline attr_t opop_curses_attribute_dim(void) { return A_DIM; }
static inline attr_t opop_curses_attribute_reverse(void) { return A_REVERSE; }
static inline attr_t opop_curses_attribute_underline(void) { return A_UNDERLINE; }

/// Sets the attributes and colour pair for the text that `stdscr` writes next.
static inline int opop_curses_set_style(attr_t attributes, short pair) {
    return wattr_set(stdscr, attributes, pair, NULL);
}

/// Returns 1 when the loaded terminfo entry has the string capability `name`.
///
/// `tigetstr` returns NULL for an absent capability and `(char *)-1` for a name
/// that is not a string capability, and both count as absent.
static inline int opop_curses_has_string_capability(const char *name) {
    char *value = tigetstr(name);
    return value != NULL && value != (char *)-1;
}

// glibc declares wcwidth only under _XOPEN_SOURCE, which would change the rest of the
// headers, so the shim declares it itself (POSIX signature).
extern int wcwidth(wchar_t character);

/// Returns the number of columns `character` takes in the current locale: -1 for a
/// non-printable character, 0 for a combining mark, otherwise 1 or 2.
static inline int opop_display_width(wchar_t character) {
    return wcwidth(character);
}
