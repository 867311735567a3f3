// SHA-256 through OpenSSL's libcrypto, incrementally or in one call.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace driftwatch::schema {

/// A SHA-256 digest as bytes: a third of its hex text in a std::string,
/// which counts when every object of a snapshot has one.
using Digest = std::array<unsigned char, 32>;

/// The digest as 64 lower-case hex digits.
std::string to_hex(const Digest& digest);

/// Appends to_hex(digest) to out.
void append_hex(std::string& out, const Digest& digest);

/// An incremental SHA-256. Not thread-safe; one instance per computation.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);

  /// The digest. Ends the computation.
  Digest digest();

  /// The digest as 64 lower-case hex digits. Ends the computation.
  std::string hex_digest();

  /// Starts a new computation, reusing the context.
  void reset();

 private:
  struct Free {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

/// SHA-256 of the bytes, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace driftwatch::schema
