// Stands for a system without <execinfo.h>: the portable stack reader must not include it.
#error "<execinfo.h> is not available in the portable stack trace build"
