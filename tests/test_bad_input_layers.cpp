// Bad input to the nn layers: Embedding, Dropout, LayerNorm and the containers, with PyTorch's
// messages.
#include "bad_input_table.hpp"

TEST_CASE("bad_input_layers_throw_pytorch_errors") {
  const Tensor x23 = ones({2, 3});
  check_errors({
      {"Embedding of float indices", [] { nn::Embedding(10, 3)(tensor({1.0})); },
       Error::InvalidArgument,
       "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, "
       "Int; but got torch.FloatTensor instead (while checking arguments for embedding)"},
      {"Embedding of an index past the end", [] { nn::Embedding(10, 3)(tensor({10})); },
       Error::OutOfRange, "index out of range in self"},
      {"Embedding of a negative index", [] { nn::Embedding(10, 3)(tensor({-1})); },
       Error::OutOfRange, "index out of range in self"},
      {"Embedding padding_idx past the end",
       [] { nn::Embedding(nn::EmbeddingOptions(10, 3).padding_idx(10)); }, Error::InvalidArgument,
       "Padding_idx must be within num_embeddings"},
      {"Embedding padding_idx before the start",
       [] { nn::Embedding(nn::EmbeddingOptions(10, 3).padding_idx(-11)); }, Error::InvalidArgument,
       "Padding_idx must be within num_embeddings"},
      {"from_pretrained of 1-D values", [] { nn::Embedding::from_pretrained(zeros({3})); },
       Error::InvalidArgument, "Embeddings parameter is expected to be 2-dimensional"},
      {"from_pretrained padding_idx past the end",
       [] {
         nn::Embedding::from_pretrained(zeros({3, 2}), true, 3);
       },
       Error::InvalidArgument, "Padding_idx must be within num_embeddings"},
      {"Dropout p above 1", [] { nn::Dropout(1.5); }, Error::InvalidArgument,
       "dropout probability has to be between 0 and 1, but got 1.5"},
      {"Dropout p below 0", [] { nn::Dropout(nn::DropoutOptions(-0.1)); }, Error::InvalidArgument,
       "dropout probability has to be between 0 and 1, but got -0.1"},
      {"LayerNorm of the wrong last dim", [x23] { nn::LayerNorm(nn::LayerNormOptions({5}))(x23); },
       Error::InvalidArgument,
       "Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 3]"},
      {"LayerNorm of swapped dims",
       [] {
         nn::LayerNorm(nn::LayerNormOptions({2, 3}))(ones({3, 2}));
       },
       Error::InvalidArgument,
       "Given normalized_shape=[2, 3], expected input with shape [*, 2, 3], but got input of "
       "size[3, 2]"},
      {"LayerNorm of too few dims",
       [] {
         nn::LayerNorm(nn::LayerNormOptions({2, 3}))(ones({3}));
       },
       Error::InvalidArgument,
       "Given normalized_shape=[2, 3], expected input with shape [*, 2, 3], but got input of "
       "size[3]"},
      {"layer_norm weight of another shape", [x23] { F::layer_norm(x23, {3}, ones({2})); },
       Error::InvalidArgument,
       "Expected weight to be of same shape as normalized_shape, but got weight of shape [2] and "
       "normalized_shape = [3]"},
      {"layer_norm of an undefined tensor", [] { F::layer_norm(Tensor(), {3}); }, Error::LogicError,
       kUndefined},
      {"GELU approximate unknown", [x23] { nn::GELU("x")(x23); }, Error::InvalidArgument,
       "approximate argument must be either none or tanh."},
      {"Sequential ptr of the wrong type",
       [] { nn::Sequential(std::make_shared<nn::ReLU>()).ptr<nn::Linear>(0); },
       Error::InvalidArgument,
       "Attempted to cast module of type xgrad::nn::ReLU to type xgrad::nn::Linear"},
      {"Sequential index past the end", [] { nn::Sequential(std::make_shared<nn::ReLU>())[3]; },
       Error::OutOfRange, "index 3 is out of range"},
      {"Sequential ptr past the end", [] { nn::Sequential().ptr<nn::ReLU>(0); }, Error::OutOfRange,
       "index 0 is out of range"},
      {"Sequential push_back of a null module",
       [] { nn::Sequential().push_back(std::shared_ptr<nn::ReLU>()); }, Error::InvalidArgument,
       "expected a module for \"0\", but got a null module"},
      {"ModuleList index past the end", [] { nn::ModuleList(std::make_shared<nn::ReLU>())[3]; },
       Error::OutOfRange, "index 3 is out of range"},
      {"ModuleList ptr of the wrong type",
       [] { nn::ModuleList(std::make_shared<nn::Tanh>()).ptr<nn::ReLU>(0); },
       Error::InvalidArgument,
       "Attempted to cast module of type xgrad::nn::Tanh to type xgrad::nn::ReLU"},
  });
}
