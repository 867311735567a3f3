#include "probes/schema/line_diff.h"

#include <algorithm>

namespace driftwatch::schema {
namespace {

// Beyond this many cells the longest-common-subsequence table costs more
// memory than a readable diff is worth.
constexpr std::size_t kMaxCells = 4'000'000;

// Lines without their terminators; a final newline ends the last line
// rather than starting an empty one.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  if (text.ends_with('\n')) text.remove_suffix(1);
  while (true) {
    auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string prefixed(const char* mark, std::string_view line) {
  return std::string(mark) + std::string(line);
}

}  // namespace

std::vector<std::string> line_diff(std::string_view before, std::string_view after) {
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  std::vector<std::string> out;
  if ((a.size() + 1) * (b.size() + 1) > kMaxCells) {
    for (auto line : a) out.push_back(prefixed("- ", line));
    for (auto line : b) out.push_back(prefixed("+ ", line));
    return out;
  }
  const std::size_t width = b.size() + 1;
  // lcs[i * width + j]: length of the longest common subsequence of a[i..] and b[j..].
  std::vector<unsigned> lcs((a.size() + 1) * width, 0);
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i * width + j] = a[i] == b[j]
                               ? lcs[(i + 1) * width + j + 1] + 1
                               : std::max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out.push_back(prefixed("  ", a[i]));
      ++i;
      ++j;
    } else if (i < a.size() &&
               (j == b.size() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      // Removed lines before the added ones that replace them, as diff -u shows.
      out.push_back(prefixed("- ", a[i++]));
    } else {
      out.push_back(prefixed("+ ", b[j++]));
    }
  }
  return out;
}

}  // namespace driftwatch::schema
