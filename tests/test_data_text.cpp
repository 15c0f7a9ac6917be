// xgrad::data text helpers: read_text, CharVocabulary, SequenceWindows.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "test_helpers.hpp"

using namespace xgrad;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system's temporary one, removed with its contents at scope end.
struct TemporaryDirectory {
  TemporaryDirectory()
      : path(fs::temp_directory_path() / ("xgrad_data_text_" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::permissions(path / "locked.txt", fs::perms::owner_all, ignored);
    fs::remove_all(path, ignored);
  }
  std::string file(const std::string& name, const std::string& contents) const {
    std::ofstream(path / name, std::ios::binary) << contents;
    return (path / name).string();
  }
  fs::path path;
};

}  // namespace

TEST_CASE("read_text_returns_the_files_bytes") {
  const TemporaryDirectory directory;
  const std::string text("line one\nline two\r\n\0 and \xc3\xa9", 27);
  CHECK(data::read_text(directory.file("text.txt", text)) == text);
  CHECK(data::read_text(directory.file("empty.txt", "")).empty());
}

TEST_CASE("read_text_names_the_file_and_why_it_cannot_be_read") {
  const TemporaryDirectory directory;
  const std::string missing = (directory.path / "missing.txt").string();
  CHECK_THROWS_WITH_AS(data::read_text(missing),
                       ("read_text: cannot read '" + missing + "': no such file").c_str(),
                       std::runtime_error);
  const std::string folder = directory.path.string();
  CHECK_THROWS_WITH_AS(data::read_text(folder),
                       ("read_text: cannot read '" + folder + "': it is a directory").c_str(),
                       std::runtime_error);
  const std::string locked = directory.file("locked.txt", "secret");
  fs::permissions(locked, fs::perms::none);
  if (::geteuid() != 0) {  // root reads it anyway
    CHECK_THROWS_WITH_AS(data::read_text(locked),
                         ("read_text: cannot open '" + locked + "': Permission denied").c_str(),
                         std::runtime_error);
  }
}

TEST_CASE("char_vocabulary_numbers_the_sorted_distinct_bytes_after_the_unknown_entry") {
  const data::CharVocabulary vocabulary("hello world");
  CHECK(vocabulary.characters() == " dehlorw");
  CHECK(vocabulary.size() == 9);
  CHECK(vocabulary.unknown_index() == 0);
  CHECK(vocabulary.index(' ') == 1);
  CHECK(vocabulary.index('w') == 8);
  const Tensor encoded = vocabulary.encode("hello");
  CHECK(encoded.dtype() == kInt64);
  CHECK(encoded.to_xarray<int64_t>() == xt::xarray<int64_t>{4, 3, 5, 5, 6});
  CHECK(vocabulary.decode(encoded) == "hello");
  CHECK(vocabulary.decode(std::vector<int64_t>{8, 6, 7, 5, 2}) == "world");
  CHECK(vocabulary.decode(vocabulary.encode("say hello").narrow(0, 4, 5)) == "hello");
}

TEST_CASE("char_vocabulary_maps_unknown_characters_to_index_0_decoded_as_a_question_mark") {
  const data::CharVocabulary vocabulary("ab");
  CHECK(vocabulary.encode("abc!").to_xarray<int64_t>() == xt::xarray<int64_t>{1, 2, 0, 0});
  CHECK(vocabulary.decode(vocabulary.encode("abc!")) == "ab??");
}

TEST_CASE("char_vocabulary_treats_utf8_text_byte_by_byte") {
  const std::string text = "caf\xc3\xa9";
  const data::CharVocabulary vocabulary(text);
  CHECK(vocabulary.size() == 6);
  CHECK(vocabulary.characters() == "acf\xa9\xc3");
  CHECK(vocabulary.encode(text).numel() == 5);
  CHECK(vocabulary.decode(vocabulary.encode(text)) == text);
}

TEST_CASE("char_vocabulary_decode_refuses_bad_indices") {
  const data::CharVocabulary vocabulary("ab");
  CHECK_THROWS_WITH_AS(vocabulary.decode(std::vector<int64_t>{1, 3}),
                       "CharVocabulary::decode: index 3 is out of range for a vocabulary of size 3",
                       std::out_of_range);
  CHECK_THROWS_AS(vocabulary.decode(std::vector<int64_t>{-1}), std::out_of_range);
  CHECK_THROWS_WITH_AS(vocabulary.decode(tensor({1.0, 2.0})),
                       "CharVocabulary::decode: expected 1-D int64 indices, but got a 1-D float32 "
                       "tensor",
                       std::invalid_argument);
  CHECK_THROWS_AS(vocabulary.decode(tensor({{1, 2}})), std::invalid_argument);
}

TEST_CASE("sequence_windows_targets_are_the_inputs_shifted_by_one") {
  const data::SequenceWindows windows(arange(10), /*length=*/4, /*stride=*/2);
  CHECK(windows.size() == 3);
  const data::Example last = windows.get(2);
  REQUIRE(last.size() == 2);
  CHECK(last[0].to_xarray<int64_t>() == xt::xarray<int64_t>{4, 5, 6, 7});
  CHECK(last[1].to_xarray<int64_t>() == xt::xarray<int64_t>{5, 6, 7, 8});
  CHECK(data::SequenceWindows(arange(10), 9, 1).size() == 1);
  CHECK(data::SequenceWindows(arange(10), 3, 1).size() == 7);
  CHECK_THROWS_WITH_AS(windows.get(3), "index 3 is out of range for dataset of size 3",
                       std::out_of_range);
}

TEST_CASE("sequence_windows_refuse_a_text_shorter_than_a_window_and_bad_arguments") {
  CHECK_THROWS_WITH_AS(data::SequenceWindows(arange(10), 32, 1),
                       "SequenceWindows: text of 10 tokens is shorter than one window of length 32 "
                       "+ 1",
                       std::invalid_argument);
  CHECK_THROWS_AS(data::SequenceWindows(arange(10), 10, 1), std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::SequenceWindows(arange(10.0), 4, 1),
                       "SequenceWindows: expected 1-D int64 tokens, but got a 1-D float32 tensor",
                       std::invalid_argument);
  CHECK_THROWS_AS(data::SequenceWindows(zeros({2, 5}, kInt64), 2, 1), std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::SequenceWindows(arange(10), 0, 1),
                       "SequenceWindows: length must be positive, but got 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::SequenceWindows(arange(10), 4, 0),
                       "SequenceWindows: stride must be positive, but got 0",
                       std::invalid_argument);
  CHECK_THROWS_AS(data::SequenceWindows(Tensor(), 4, 1), std::invalid_argument);
}
