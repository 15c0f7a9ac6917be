// Without init(), every collective throws a std::runtime_error telling to call init() first;
// finalize() does nothing. A plain program (no mpirun): it exits 0 when all hold.
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <xgrad/distributed.hpp>

namespace dist = xgrad::distributed;

namespace {

bool throws_not_initialized(const char* op, const std::function<void()>& call) {
  const std::string expected = std::string(op) +
                               "(): the default process group has not been initialized, please "
                               "make sure to call xgrad::distributed::init() first";
  try {
    call();
  } catch (const std::runtime_error& e) {
    if (e.what() == expected) return true;
    std::fprintf(stderr, "%s threw '%s', expected '%s'\n", op, e.what(), expected.c_str());
    return false;
  }
  std::fprintf(stderr, "%s did not throw\n", op);
  return false;
}

}  // namespace

int main() {
  const xgrad::Tensor t = xgrad::ones({2});
  xgrad::nn::Linear linear(2, 2);
  dist::finalize();
  const bool ok =
      !dist::is_initialized() &&
      throws_not_initialized("all_reduce", [&] { dist::all_reduce(t); }) &&
      throws_not_initialized("broadcast", [&] { dist::broadcast(t, 0); }) &&
      throws_not_initialized("all_gather", [&] { dist::all_gather(t); }) &&
      throws_not_initialized("barrier", [] { dist::barrier(); }) &&
      throws_not_initialized("world_size", [] { dist::world_size(); }) &&
      throws_not_initialized("rank", [] { dist::rank(); }) &&
      throws_not_initialized("broadcast", [&] { dist::broadcast_parameters(linear); }) &&
      throws_not_initialized("GradientAverager", [&] { dist::GradientAverager averager(linear); });
  return ok ? 0 : 1;
}
