// The lr schedulers against PyTorch's lr sequences (golden/scheduler_lrs.json, written by
// golden/make_scheduler_golden.py) and their save/resume.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "scheduler_helpers.hpp"

using namespace xgrad;
using xgrad::testing::Fixture;
using xgrad::testing::GoldenRun;

namespace {

bool near(const std::vector<double>& got, const nlohmann::json& expected) {
  if (got.size() != expected.size()) return false;
  for (size_t i = 0; i < got.size(); ++i) {
    if (!(std::fabs(got[i] - expected[i].get<double>()) <= 1e-12)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("every_scheduler_matches_pytorch_lr_sequence_over_100_steps") {
  const Fixture fx("scheduler_lrs.json");
  const auto steps = fx["steps"].get<size_t>();
  REQUIRE(fx["runs"].size() == 22);
  for (const auto& run : fx["runs"]) {
    INFO("run " << run.at("name").get<std::string>());
    GoldenRun golden(fx.json(), run);
    const auto& lrs = run.at("lrs");
    for (size_t step = 0; step <= steps; ++step) {
      INFO("after step " << step);
      if (step > 0) golden.step(step - 1);
      CHECK(near(testing::group_lrs(golden.optimizer()), lrs[step]));
      CHECK(golden.get_last_lr() == testing::group_lrs(golden.optimizer()));
      if (run.contains("momenta")) {
        CHECK(near(testing::group_momenta(golden.optimizer()), run.at("momenta")[step]));
      }
    }
  }
}

TEST_CASE("every_scheduler_resumes_bit_identical_from_its_state_dict") {
  const Fixture fx("scheduler_lrs.json");
  const auto steps = fx["steps"].get<size_t>();
  for (const auto& run : fx["runs"]) {
    INFO("run " << run.at("name").get<std::string>());
    GoldenRun whole(fx.json(), run);
    std::vector<std::vector<double>> lrs, momenta;
    for (size_t step = 0; step < steps; ++step) {
      whole.step(step);
      lrs.push_back(testing::group_lrs(whole.optimizer()));
      momenta.push_back(testing::group_momenta(whole.optimizer()));
    }
    for (const size_t stop : {size_t{0}, size_t{10}, size_t{37}}) {
      INFO("saved after step " << stop);
      StateDict optimizer_state, scheduler_state;
      {
        GoldenRun first(fx.json(), run);
        for (size_t step = 0; step < stop; ++step) first.step(step);
        optimizer_state = first.optimizer().state_dict();
        scheduler_state = first.state_dict();
      }
      GoldenRun resumed(fx.json(), run);
      resumed.optimizer().load_state_dict(optimizer_state);
      resumed.load_state_dict(scheduler_state);
      for (size_t step = stop; step < steps; ++step) {
        resumed.step(step);
        INFO("step " << step + 1);
        REQUIRE(testing::group_lrs(resumed.optimizer()) == lrs[step]);
        REQUIRE(testing::group_momenta(resumed.optimizer()) == momenta[step]);
        REQUIRE(resumed.get_last_lr() == lrs[step]);
      }
    }
  }
}

TEST_CASE("scheduler_state_dict_survives_save_and_load_to_a_file") {
  auto optimizer = testing::sgd_with_groups({0.1, 0.01}, 0.9);
  optim::CosineAnnealingLR scheduler(*optimizer, 7, 1e-3);
  for (int i = 0; i < 5; ++i) scheduler.step();
  const std::string path = "scheduler_state_dict_survives_save_and_load.safetensors";
  save(scheduler.state_dict(), path);
  const StateDict loaded = load(path);
  std::remove(path.c_str());

  auto other_optimizer = testing::sgd_with_groups({0.1, 0.01}, 0.9);
  optim::CosineAnnealingLR other(*other_optimizer, 7, 1e-3);
  other_optimizer->load_state_dict(optimizer->state_dict());
  other.load_state_dict(loaded);
  for (int i = 0; i < 20; ++i) {
    scheduler.step();
    other.step();
    REQUIRE(other.get_last_lr() == scheduler.get_last_lr());
  }
}
