// char_lm trained data-parallel on MPI: every rank holds the whole model and trains on its own
// share of each batch (a DistributedSampler), and the gradients are averaged across ranks
// (GradientAverager) before every Adam step, so all ranks keep the same weights.
//
//   mpirun -np 2 build/examples/distributed_char_lm --steps 300
//
// Rank 0 prints the progress, the validation loss and the final line; --timing adds the time
// per step and how much of it went to averaging gradients. With --timing each step first waits
// at a barrier for the slowest rank, so that the averaging time is the allreduces' alone.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <xgrad/distributed.hpp>
#include <xgrad/xgrad.hpp>

#include "common/char_model.hpp"
#include "common/cli.hpp"
#include "common/final_line.hpp"
#include "common/main_guard.hpp"
#include "common/training.hpp"

using namespace xgrad;
namespace dist = xgrad::distributed;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int64_t gradient_bytes(const nn::Module& model) {
  int64_t bytes = 0;
  for (const Tensor& p : model.parameters()) bytes += p.numel() * (p.dtype() == kFloat32 ? 4 : 8);
  return bytes;
}

// This rank's batches, epoch after epoch, each epoch in the order all ranks agree on.
class ShardStream {
 public:
  ShardStream(std::shared_ptr<data::Dataset> windows, int64_t batch, uint64_t seed)
      : sampler_(std::make_shared<data::DistributedSampler>(windows->size(), dist::world_size(),
                                                            dist::rank(), true, seed, true)),
        loader_(std::move(windows),
                data::DataLoaderOptions(batch).sampler(sampler_).drop_last(true)) {
    if (loader_.size() == 0)
      throw examples::UsageError("--batch: each rank's share of the training windows (" +
                                 std::to_string(sampler_->size()) + ") holds no whole batch of " +
                                 std::to_string(batch));
  }

  data::Example next() {
    if (!started_ || it_ == loader_.end()) {
      if (started_) sampler_->set_epoch(sampler_->epoch() + 1);
      it_ = loader_.begin();
      started_ = true;
    }
    data::Example batch = *it_;
    ++it_;
    return batch;
  }

 private:
  std::shared_ptr<data::DistributedSampler> sampler_;
  data::DataLoader loader_;
  data::DataLoader::Iterator it_;
  bool started_ = false;
};

int run(int argc, char** argv) {
  dist::InitGuard mpi;
  const int ranks = dist::world_size(), rank = dist::rank();
  examples::Cli cli(
      "distributed_char_lm",
      "Trains char_lm's model data-parallel over MPI: run it with mpirun -np <ranks>. "
      "Each rank\ntrains on its share of every batch; gradients are averaged across "
      "ranks before each step.");
  model_options(cli.standard("300"))
      .option("batch", "32", "windows per step, over all ranks (a multiple of the ranks)")
      .option("dropout", "0.3", "dropout on the recurrent stack's input and output")
      .option("lr", "0.003", "Adam's learning rate")
      .option("clip", "1.0", "gradient norm clipping")
      .option("eval-every", "100", "steps between validations")
      .option("bucket-mb", "25", "gradient bucket size in MiB")
      .flag("timing", "print steps per second and the time spent averaging gradients")
      .option("require-fall", "0.8",
              "exit 1 unless the running loss ends below this fraction of its start (0: never)");
  cli.parse(argc, argv);
  const int64_t steps = cli.positive("steps"), eval_every = cli.positive("eval-every"),
                batch = cli.positive("batch"), seq = cli.positive("seq");
  if (batch % ranks != 0)
    throw examples::UsageError("--batch " + std::to_string(batch) + " is not a multiple of the " +
                               std::to_string(ranks) + " ranks");
  const uint64_t seed = static_cast<uint64_t>(cli.non_negative("seed"));
  const double clip = cli.positive_number("clip"), dropout = cli.number("dropout");
  if (!(dropout >= 0 && dropout < 1))
    throw examples::UsageError("--dropout expects a probability in [0, 1), got " +
                               cli.str("dropout"));
  const examples::RecurrentOptions rnn_options{cli.choice("cell", {"gru", "lstm"}),
                                               cli.positive("embed"), cli.positive("hidden"),
                                               cli.positive("layers"), false};
  const bool quiet = cli.enabled("quiet") || rank != 0;
  const examples::TextData data = examples::load_text(cli.str("text"), seq, batch);
  const int64_t vocab = data.vocab.size();

  // As torchrun does: one thread per rank unless OMP_NUM_THREADS says otherwise, so that ranks
  // sharing a machine's cores do not each start a second thread in their recurrent layers.
  if (ranks > 1 && std::getenv("OMP_NUM_THREADS") == nullptr) set_num_threads(1);
  manual_seed(seed);
  examples::CharModel model(vocab, cli.positive("embed"), rnn_options, dropout);
  dist::broadcast_parameters(model);
  manual_seed(seed + 1 + static_cast<uint64_t>(rank));  // each rank its own dropout masks
  dist::GradientAverager averager(
      model, static_cast<size_t>(cli.positive_number("bucket-mb") * 1024 * 1024));
  optim::Adam optimizer(model.parameters(), optim::AdamOptions(cli.positive_number("lr")));
  ShardStream batches(data.train, batch / ranks, seed);
  if (!quiet)
    std::cout << model << "\n\n"
              << ranks << " ranks, " << batch / ranks << " windows each per step, "
              << gradient_bytes(model) << " bytes of gradients in " << averager.num_buckets()
              << " bucket(s); training for " << steps << " steps\n";

  examples::TrainingLog log(steps, quiet);
  double val_loss = 0, validation_seconds = 0;
  auto validate = [&](int64_t step) {
    if (rank != 0) return;
    const Clock::time_point validation = Clock::now();
    val_loss = examples::validation_loss(model, data.val, vocab);
    validation_seconds += seconds_since(validation);
    std::ostringstream line;
    line << "step " << step << ": validation loss " << val_loss << " (" << val_loss / std::log(2.0)
         << " bits per character)";
    log.note(line.str());
  };
  validate(0);
  validation_seconds = 0;
  const bool timing = cli.enabled("timing");
  double averaging_seconds = 0, waiting_seconds = 0;
  const Clock::time_point start = Clock::now();
  for (int64_t step = 1; step <= steps; ++step) {
    const Tensor loss = examples::next_char_loss(model, batches.next(), vocab);
    optimizer.zero_grad();
    loss.backward();
    if (timing) {
      const Clock::time_point waiting = Clock::now();
      dist::barrier();
      waiting_seconds += seconds_since(waiting);
    }
    const Clock::time_point averaging = Clock::now();
    averager.synchronize();
    averaging_seconds += seconds_since(averaging);
    nn::utils::clip_grad_norm_(model.parameters(), clip);
    optimizer.step();
    const Tensor mean_loss = loss.detach().clone();
    dist::all_reduce(mean_loss, dist::ReduceOp::kAvg);
    log.record(step, mean_loss.item<double>());
    if (step % eval_every == 0 || step == steps) validate(step);
  }
  const double seconds = seconds_since(start) - validation_seconds;  // training alone

  const double require_fall = cli.number("require-fall");
  const bool learned = require_fall <= 0 || log.fell_below(require_fall);
  if (rank != 0) return learned ? 0 : 1;
  if (!learned) std::cerr << "distributed_char_lm: the loss did not fall enough\n";
  examples::FinalLine line;
  line.add("step", steps)
      .add("ranks", ranks)
      .add("train_loss", log.running())
      .add("val_loss", val_loss)
      .add("val_bpc", val_loss / std::log(2.0))
      .add("train_seconds", seconds);
  if (timing) {
    line.add("steps_per_s", static_cast<double>(steps) / seconds)
        .add("ms_per_step", 1e3 * seconds / static_cast<double>(steps))
        .add("waiting_ms_per_step", 1e3 * waiting_seconds / static_cast<double>(steps))
        .add("averaging_ms_per_step", 1e3 * averaging_seconds / static_cast<double>(steps));
  }
  line.print();
  return learned ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  xgrad::tune_allocator_for_training();
  return examples::guarded_main("distributed_char_lm", [&] { return run(argc, argv); });
}
