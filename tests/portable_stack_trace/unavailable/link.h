// Stands for a system without <link.h>: the portable stack reader must not include it.
#error "<link.h> is not available in the portable stack trace build"
