// UBSan settings built into the fuzz targets, so that running one on a reproducer needs no
// environment: any report stops the run (libFuzzer then saves the input), except the reports
// from third-party headers listed in ubsan.supp.
extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:suppressions=" XGRAD_UBSAN_SUPPRESSIONS;
}
