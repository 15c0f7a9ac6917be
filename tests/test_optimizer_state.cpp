// Optimizer state: SGD's state_dict (settings and momentum buffers), loading it back, and
// resuming a training run from files bit for bit.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "serialization_helpers.hpp"

using namespace xgrad;
using xgrad::testing::error_of;
using xgrad::testing::identical;
using xgrad::testing::TempDir;

namespace {

struct Model : nn::Module {
  explicit Model(Dtype dtype) : nn::Module("Model") {
    cell = register_module("cell", std::make_shared<nn::GRUCell>(2, 6, true, Device("cpu"), dtype));
    head =
        register_module("head", std::make_shared<nn::Linear>(nn::LinearOptions(6, 1).dtype(dtype)));
  }
  Tensor forward(const Tensor& sequence) const {
    Tensor h;
    for (int64_t t = 0; t < sequence.size(0); ++t) h = cell->forward(sequence[t], h);
    return head->forward(h);
  }
  std::shared_ptr<nn::GRUCell> cell;
  std::shared_ptr<nn::Linear> head;
};

// Training batches: step s uses batch s % 4.
struct Data {
  explicit Data(Dtype dtype) {
    manual_seed(42);
    inputs = randn({4, 5, 3, 2}, dtype);  // batch, steps, batch size, features
    targets = randn({4, 3, 1}, dtype);
  }
  Tensor inputs, targets;
};

void train(const Model& model, optim::SGD& sgd, const Data& data, int first_step, int steps) {
  for (int s = first_step; s < first_step + steps; ++s) {
    const Tensor loss =
        nn::functional::mse_loss(model.forward(data.inputs[s % 4]), data.targets[s % 4]);
    sgd.zero_grad();
    loss.backward();
    sgd.step();
  }
}

bool same_parameters_and_buffers(const Model& a, const optim::SGD& sa, const Model& b,
                                 const optim::SGD& sb) {
  const auto pa = a.parameters(), pb = b.parameters();
  for (size_t i = 0; i < pa.size(); ++i) {
    if (!identical(pa[i], pb[i]) || !identical(sa.momentum_buffer(i), sb.momentum_buffer(i)))
      return false;
  }
  return true;
}

// Train N + M steps straight; then N steps, save, load into fresh objects (other weights, other
// settings) and M more steps. Both must end bit for bit the same.
void check_resume_is_bit_for_bit(Dtype dtype, const optim::SGDOptions& options) {
  const Data data(dtype);
  const int n = 3, m = 4;
  manual_seed(0);
  Model straight(dtype);
  optim::SGD straight_sgd(straight.parameters(), options);
  train(straight, straight_sgd, data, 0, n + m);

  TempDir dir;
  {
    manual_seed(0);
    Model first(dtype);
    optim::SGD first_sgd(first.parameters(), options);
    train(first, first_sgd, data, 0, n);
    save(first, dir / "model.safetensors");
    save(first_sgd, dir / "optimizer.safetensors");
  }
  manual_seed(7);
  Model resumed(dtype);
  optim::SGD resumed_sgd(resumed.parameters(), optim::SGDOptions(0.123));
  load(resumed, dir / "model.safetensors");
  load(resumed_sgd, dir / "optimizer.safetensors");
  CHECK(resumed_sgd.options().lr() == options.lr());
  CHECK(resumed_sgd.options().momentum() == options.momentum());
  CHECK(resumed_sgd.options().dampening() == options.dampening());
  CHECK(resumed_sgd.options().weight_decay() == options.weight_decay());
  CHECK(resumed_sgd.options().nesterov() == options.nesterov());
  train(resumed, resumed_sgd, data, n, m);
  CHECK(same_parameters_and_buffers(resumed, resumed_sgd, straight, straight_sgd));

  // The comparison notices a resume without the optimizer's state (momentum restarts).
  manual_seed(7);
  Model forgetful(dtype);
  optim::SGD forgetful_sgd(forgetful.parameters(), options);
  load(forgetful, dir / "model.safetensors");
  train(forgetful, forgetful_sgd, data, n, m);
  CHECK_FALSE(same_parameters_and_buffers(forgetful, forgetful_sgd, straight, straight_sgd));
}

// An SGD over two parameters after one step with momentum.
struct Stepped {
  Stepped() {
    sgd.zero_grad();
    (w * w).sum().backward();
    sgd.step();
  }
  Tensor w = tensor({{1.0, 2.0}, {3.0, 4.0}}, requires_grad());
  Tensor b = tensor({0.5, -0.5}, requires_grad());  // gets no gradient, so no buffer
  optim::SGD sgd{{w, b}, optim::SGDOptions(0.05).momentum(0.9)};
};

}  // namespace

TEST_CASE("training_resumed_from_saved_model_and_sgd_state_is_bit_for_bit_float32") {
  check_resume_is_bit_for_bit(
      kFloat32, optim::SGDOptions(0.05).momentum(0.9).dampening(0.1).weight_decay(1e-3));
}

TEST_CASE("training_resumed_from_saved_model_and_sgd_state_is_bit_for_bit_float64") {
  check_resume_is_bit_for_bit(
      kFloat64, optim::SGDOptions(0.1).momentum(0.8).nesterov(true).weight_decay(0.01));
}

TEST_CASE("sgd_state_dict_holds_settings_and_momentum_buffers_under_pytorch_names") {
  Stepped s;
  const StateDict sd = s.sgd.state_dict();
  CHECK(sd.keys() == std::vector<std::string>{"state.0.momentum_buffer"});
  CHECK(sd.at("state.0.momentum_buffer").is_same(s.sgd.momentum_buffer(0)));
  CHECK(sd.metadata() == StateDict::Metadata{{"param_groups.0.params", "[0, 1]"},
                                             {"param_groups.0.lr", "0.05"},
                                             {"param_groups.0.momentum", "0.9"},
                                             {"param_groups.0.dampening", "0"},
                                             {"param_groups.0.weight_decay", "0"},
                                             {"param_groups.0.nesterov", "false"},
                                             {"param_groups.0.maximize", "false"}});
}

TEST_CASE("sgd_state_dict_settings_read_back_as_the_same_doubles") {
  Tensor w = zeros({1}, requires_grad());
  optim::SGD sgd({w}, optim::SGDOptions(0.1 + 0.2).momentum(1.0 / 3.0).weight_decay(1e-300));
  optim::SGD other({w}, optim::SGDOptions(1.0));
  other.load_state_dict(sgd.state_dict());
  CHECK(other.options().lr() == 0.1 + 0.2);
  CHECK(other.options().momentum() == 1.0 / 3.0);
  CHECK(other.options().weight_decay() == 1e-300);
}

TEST_CASE("sgd_load_state_dict_copies_the_buffers") {
  Stepped source, target;
  StateDict sd = source.sgd.state_dict();
  target.sgd.load_state_dict(sd);
  CHECK(identical(target.sgd.momentum_buffer(0), source.sgd.momentum_buffer(0)));
  CHECK_FALSE(target.sgd.momentum_buffer(0).is_same(source.sgd.momentum_buffer(0)));
  CHECK_FALSE(target.sgd.momentum_buffer(1).defined());
  Tensor saved = sd.at("state.0.momentum_buffer");
  saved.fill_(0.0);  // later changes to the dict do not reach the optimizer
  CHECK(target.sgd.momentum_buffer(0).abs().sum().item<double>() > 0);
}

TEST_CASE("sgd_load_state_dict_converts_buffers_to_the_parameters_dtype") {
  Stepped source;
  StateDict sd;
  sd.metadata() = source.sgd.state_dict().metadata();
  sd.insert("state.0.momentum_buffer", tensor({{1.0, 2.0}, {3.0, 4.0}}, kFloat64));
  Tensor w = zeros({2, 2}, requires_grad()), b = zeros({2}, requires_grad());
  optim::SGD sgd({w, b}, optim::SGDOptions(1.0));
  sgd.load_state_dict(sd);
  CHECK(sgd.momentum_buffer(0).dtype() == kFloat32);
  CHECK(identical(sgd.momentum_buffer(0), tensor({{1.0, 2.0}, {3.0, 4.0}}, kFloat32)));
}

TEST_CASE("sgd_load_state_dict_refuses_a_dict_made_for_other_parameters") {
  Stepped source;
  Tensor w = zeros({2, 2}, requires_grad());
  optim::SGD sgd({w}, optim::SGDOptions(1.0));
  CHECK(
      error_of<std::runtime_error>([&] { sgd.load_state_dict(source.sgd.state_dict()); }) ==
      "load_state_dict(): loaded state dict contains a parameter group that doesn't match the size "
      "of optimizer's group (its params are [0, 1], this optimizer's group 0 has 1 parameters)");
}

TEST_CASE("sgd_load_state_dict_refuses_unknown_state_keys") {
  Stepped source;
  auto with_key = [&](const std::string& key, const Tensor& t) {
    StateDict sd;
    sd.metadata() = source.sgd.state_dict().metadata();
    sd.insert(key, t);
    return sd;
  };
  CHECK(
      error_of<std::runtime_error>([&] {
        source.sgd.load_state_dict(with_key("state.0.exp_avg", zeros({2, 2})));
      }) ==
      "load_state_dict(): unexpected key \"state.0.exp_avg\" in the optimizer state dict (expected "
      "state.<index>.momentum_buffer)");
  CHECK(error_of<std::runtime_error>([&] {
          source.sgd.load_state_dict(with_key("weight", zeros({2, 2})));
        }).find("unexpected key \"weight\"") != std::string::npos);
  CHECK(error_of<std::runtime_error>(
            [&] { source.sgd.load_state_dict(with_key("state.2.momentum_buffer", zeros({2}))); }) ==
        "load_state_dict(): \"state.2.momentum_buffer\" is the state of parameter 2, but the "
        "optimizer "
        "has 2 parameters");
}

TEST_CASE("sgd_load_state_dict_refuses_a_buffer_shaped_unlike_its_parameter") {
  Stepped source;
  StateDict sd;
  sd.metadata() = source.sgd.state_dict().metadata();
  sd.insert("state.1.momentum_buffer", zeros({2, 2}));
  CHECK(
      error_of<std::runtime_error>([&] { source.sgd.load_state_dict(sd); }) ==
      "load_state_dict(): \"state.1.momentum_buffer\" has shape [2, 2], but parameter 1 has shape "
      "[2]");
}

TEST_CASE("sgd_load_state_dict_refuses_missing_or_invalid_settings") {
  Stepped source;
  StateDict missing = source.sgd.state_dict();
  missing.metadata().erase("param_groups.0.momentum");
  CHECK(error_of<std::runtime_error>([&] { source.sgd.load_state_dict(missing); }) ==
        "load_state_dict(): the optimizer state dict has no setting \"param_groups.0.momentum\"");

  StateDict garbled = source.sgd.state_dict();
  garbled.metadata()["param_groups.0.lr"] = "0.05x";
  CHECK(error_of<std::runtime_error>([&] { source.sgd.load_state_dict(garbled); }) ==
        "load_state_dict(): the setting \"param_groups.0.lr\" is \"0.05x\", not a number");
  garbled.metadata()["param_groups.0.lr"] = "0.05";
  garbled.metadata()["param_groups.0.nesterov"] = "yes";
  CHECK(error_of<std::runtime_error>([&] { source.sgd.load_state_dict(garbled); }) ==
        "load_state_dict(): the setting \"param_groups.0.nesterov\" is \"yes\", not true or false");

  StateDict negative = source.sgd.state_dict();
  negative.metadata()["param_groups.0.lr"] = "-1";
  CHECK(error_of<std::invalid_argument>([&] { source.sgd.load_state_dict(negative); }) ==
        "Invalid learning rate: -1");
}

TEST_CASE("failed_sgd_load_state_dict_changes_nothing") {
  Stepped target;
  const Tensor buffer = target.sgd.momentum_buffer(0);
  StateDict sd;
  sd.metadata() = target.sgd.state_dict().metadata();
  sd.metadata()["param_groups.0.lr"] = "0.5";
  sd.insert("state.1.momentum_buffer", zeros({3}));  // wrong shape: refused after the settings
  CHECK_THROWS_AS(target.sgd.load_state_dict(sd), std::runtime_error);
  CHECK(target.sgd.options().lr() == 0.05);
  CHECK(target.sgd.momentum_buffer(0).is_same(buffer));
  CHECK_FALSE(target.sgd.momentum_buffer(1).defined());
}
