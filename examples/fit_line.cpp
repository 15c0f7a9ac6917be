// Fits y = 3x - 2 to noisy points with autograd and plain gradient descent, printing the loss
// as it falls. Run with --help for options.
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>
#include <xgrad/xgrad.hpp>

namespace {

struct Options {
  int steps = 200;
  double lr = 0.1;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout
          << "usage: fit_line [--steps N] [--lr RATE]\n"
             "Fits y = 3x - 2 to 64 noisy points with xgrad's autograd and prints the loss.\n";
      std::exit(0);
    } else if (arg == "--steps" && i + 1 < argc) {
      options.steps = std::stoi(argv[++i]);
    } else if (arg == "--lr" && i + 1 < argc) {
      options.lr = std::stod(argv[++i]);
    } else {
      std::cerr << "fit_line: unknown argument " << arg << " (try --help)\n";
      std::exit(2);
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  xgrad::tune_allocator_for_training();
  using namespace xgrad;
  const Options options = parse(argc, argv);
  manual_seed(0);

  const Tensor x = rand({64, 1}) * 4.0 - 2.0;
  const Tensor y = x * 3.0 - 2.0 + randn({64, 1}) * 0.1;

  Tensor w = zeros({1, 1}, requires_grad());
  Tensor b = zeros({1}, requires_grad());

  std::cout << "fitting y = 3x - 2 with gradient descent (" << options.steps << " steps)\n";
  double first = 0, last = 0;
  for (int step = 0; step <= options.steps; ++step) {
    const Tensor error = linear(x, w, b) - y;
    const Tensor loss = (error * error).mean();
    loss.backward();
    {
      NoGradGuard no_grad;
      w.sub_(w.grad(), options.lr);
      b.sub_(b.grad(), options.lr);
    }
    w.zero_grad();
    b.zero_grad();
    last = loss.item<double>();
    if (step == 0) first = last;
    if (step % (options.steps / 10 > 0 ? options.steps / 10 : 1) == 0) {
      std::cout << "step " << std::setw(4) << step << "  loss " << std::fixed
                << std::setprecision(6) << last << '\n';
    }
  }
  std::cout << "learned w = " << w.item<double>() << ", b = " << b.item<double>()
            << " (true: 3, -2)\n";
  std::cout << "loss fell from " << first << " to " << last << '\n';
  // ctest runs this briefly: the loss must have fallen at least tenfold.
  return last < 0.1 * first ? 0 : 1;
}
