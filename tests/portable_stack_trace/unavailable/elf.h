// Stands for a system without <elf.h>: the portable stack reader must not include it.
#error "<elf.h> is not available in the portable stack trace build"
