// UBSan settings built into the fuzz targets, so that running one on a reproducer needs no
// environment: any report stops the run (libFuzzer then saves the input), except the reports
// from third-party headers listed in tests/ubsan.supp.
extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:suppressions=" XGRAD_UBSAN_SUPPRESSIONS;
}

// An allocation that cannot be served fails as it does without ASan (xsimd's allocator then
// throws std::bad_alloc, a std exception) instead of aborting the run.
extern "C" const char* __asan_default_options() {
  return "allocator_may_return_null=1";
}
