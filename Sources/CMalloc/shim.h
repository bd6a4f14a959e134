// glibc's heap statistics (mallinfo2), which the Glibc module does not expose.
#include <malloc.h>
