#include "probes/ledgers/checksums.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <memory>
#include <stdexcept>

namespace driftwatch::ledgers {
namespace {

struct DigestContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextFree>;

// OpenSSL 3 looks an algorithm up in its providers on every implicit use;
// fetching each once keeps hashing a large migration folder cheap.
const EVP_MD* fetched(const char* name) {
  EVP_MD* algorithm = EVP_MD_fetch(nullptr, name, nullptr);
  if (algorithm == nullptr) {
    throw std::runtime_error(std::string("OpenSSL has no ") + name + " implementation");
  }
  return algorithm;
}

const EVP_MD* sha1() {
  static const EVP_MD* algorithm = fetched("SHA1");
  return algorithm;
}
const EVP_MD* sha256() {
  static const EVP_MD* algorithm = fetched("SHA256");
  return algorithm;
}
const EVP_MD* sha384() {
  static const EVP_MD* algorithm = fetched("SHA384");
  return algorithm;
}

DigestContext started(const EVP_MD* algorithm) {
  DigestContext context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), algorithm, nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not start a digest");
  }
  return context;
}

void feed(EVP_MD_CTX* context, std::string_view bytes) {
  if (EVP_DigestUpdate(context, bytes.data(), bytes.size()) != 1) {
    throw std::runtime_error("OpenSSL digest update failed");
  }
}

// The digest of everything fed so far, leaving `context` usable: Go's
// hash.Sum(nil), which Atlas calls after each file of the directory.
std::string digest_so_far(const EVP_MD_CTX* context) {
  DigestContext copy(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!copy || EVP_MD_CTX_copy_ex(copy.get(), context) != 1 ||
      EVP_DigestFinal_ex(copy.get(), digest, &length) != 1) {
    throw std::runtime_error("OpenSSL digest final failed");
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string digest_of(const EVP_MD* algorithm, std::string_view bytes) {
  auto context = started(algorithm);
  feed(context.get(), bytes);
  return digest_so_far(context.get());
}

constexpr char kHexDigits[] = "0123456789abcdef";

std::string padded_hex(std::string_view digest) {
  std::string out;
  out.reserve(2 * digest.size());
  for (unsigned char byte : digest) {
    out += kHexDigits[byte >> 4];
    out += kHexDigits[byte & 0x0f];
  }
  return out;
}

// Rust's format!("{:x}", byte): no leading zero, so 0x0a becomes "a".
std::string unpadded_hex(std::string_view digest) {
  std::string out;
  for (unsigned char byte : digest) {
    if ((byte >> 4) != 0) out += kHexDigits[byte >> 4];
    out += kHexDigits[byte & 0x0f];
  }
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t at = text.find(from); at != std::string_view::npos;
       at = text.find(from, start)) {
    out.append(text.substr(start, at - start)).append(to);
    start = at + from.size();
  }
  return out.append(text.substr(start));
}

// Prisma's three readings of one script: as is, CRLF→LF, LF→CRLF.
std::vector<std::string> prisma_line_ending_digests(std::string_view script) {
  return {digest_of(sha256(), script), digest_of(sha256(), replaced(script, "\r\n", "\n")),
          digest_of(sha256(), replaced(script, "\n", "\r\n"))};
}

constexpr std::size_t kPrismaChecksumLength = 64;

bool is_word_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Atlas's directive(content, "sum") == "ignore", i.e. the regular expression
// ^([ -~]*)atlas:(\w+)(?: +([ -~]*))* on the file's leading printable-ASCII
// run: the greedy prefix picks the last "atlas:<word>"; the argument is what
// follows the spaces after the word, to the end of the run.
bool atlas_sum_ignored(std::string_view bytes) {
  std::size_t run = 0;
  while (run < bytes.size() && bytes[run] >= ' ' && bytes[run] <= '~') ++run;
  const std::string_view line = bytes.substr(0, run);
  constexpr std::string_view kMarker = "atlas:";
  for (std::size_t at = line.rfind(kMarker); at != std::string_view::npos;
       at = at == 0 ? std::string_view::npos : line.rfind(kMarker, at - 1)) {
    std::size_t end = at + kMarker.size();
    if (end >= line.size() || !is_word_char(line[end])) continue;
    const std::size_t word_start = end;
    while (end < line.size() && is_word_char(line[end])) ++end;
    if (line.substr(word_start, end - word_start) != "sum") return false;
    std::size_t argument = end;
    while (argument < line.size() && line[argument] == ' ') ++argument;
    return argument > end && line.substr(argument) == "ignore";
  }
  return false;
}

}  // namespace

std::string prisma_checksum(std::string_view script) {
  return padded_hex(digest_of(sha256(), script));
}

bool prisma_checksum_matches(std::string_view stored, std::string_view script) {
  const bool legacy = !stored.empty() && stored.size() != kPrismaChecksumLength;
  for (const auto& digest : prisma_line_ending_digests(script)) {
    if ((legacy ? unpadded_hex(digest) : padded_hex(digest)) == stored) return true;
  }
  return false;
}

std::vector<std::string> prisma_accepted_checksums(std::string_view script) {
  std::vector<std::string> accepted;
  for (const auto& digest : prisma_line_ending_digests(script)) {
    accepted.push_back(padded_hex(digest));
    accepted.push_back(unpadded_hex(digest));
  }
  return accepted;
}

std::int32_t flyway_checksum(std::string_view script) {
  constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";
  if (script.substr(0, kUtf8ByteOrderMark.size()) == kUtf8ByteOrderMark) {
    script.remove_prefix(kUtf8ByteOrderMark.size());
  }
  uLong crc = crc32(0L, Z_NULL, 0);
  std::size_t start = 0;
  while (start < script.size()) {
    std::size_t end = script.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = script.size();
    const auto line = script.substr(start, end - start);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(line.data()), static_cast<uInt>(line.size()));
    // "\r\n" is one terminator; a lone "\r" or "\n" is one too.
    start = end + ((script.substr(end, 2) == "\r\n") ? 2 : 1);
  }
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(crc));
}

std::string sqlx_checksum(std::string_view script) {
  return padded_hex(digest_of(sha384(), script));
}

std::string drizzle_checksum(std::string_view script) {
  return padded_hex(digest_of(sha256(), script));
}

std::string sqitch_script_hash(std::string_view script) {
  return padded_hex(digest_of(sha1(), script));
}

AtlasSum atlas_sum(const std::vector<AtlasFile>& files) {
  AtlasSum result;
  auto directory = started(sha256());
  for (const auto& file : files) {
    feed(directory.get(), file.name);
    if (atlas_sum_ignored(file.bytes)) continue;
    feed(directory.get(), file.bytes);
    result.entries.push_back({file.name, base64(digest_so_far(directory.get()))});
  }
  auto summary = started(sha256());
  for (const auto& entry : result.entries) {
    feed(summary.get(), entry.name);
    feed(summary.get(), entry.hash);
  }
  result.sum = base64(digest_so_far(summary.get()));
  return result;
}

std::string atlas_sum_text(const AtlasSum& sum) {
  std::string text = "h1:" + sum.sum + "\n";
  for (const auto& entry : sum.entries) text += entry.name + " h1:" + entry.hash + "\n";
  return text;
}

}  // namespace driftwatch::ledgers
