// The checksums migration tools record for a migration file, recomputed exactly as each tool does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace driftwatch::ledgers {

/// Prisma (schema-engine checksum.rs, render_checksum): SHA-256 of
/// migration.sql as read, as 64 lowercase hex characters.
std::string prisma_checksum(std::string_view script);

/// Prisma (checksum.rs, script_matches_checksum): true when `stored` is the
/// checksum of the script as it is, with "\r\n" turned into "\n", or with
/// "\n" turned into "\r\n" (git may have changed the line endings since).
/// A non-empty stored value that is not 64 characters long was written by an
/// old engine that printed each byte with {:x}, dropping leading zeros
/// (prisma-engines#1887); it is compared in that form.
bool prisma_checksum_matches(std::string_view stored, std::string_view script);

/// Every value prisma_checksum_matches accepts for this script: the three
/// line-ending variants, each zero-padded and in the old unpadded form.
std::vector<std::string> prisma_accepted_checksums(std::string_view script);

/// Flyway (ChecksumCalculator): CRC-32 (zlib's) updated with the UTF-8 bytes
/// of each line as Java's BufferedReader.readLine returns it, i.e. without its
/// "\n", "\r" or "\r\n", and with a byte-order mark removed from the first
/// line; the result is the CRC cast to a signed 32-bit int, as stored in
/// flyway_schema_history.checksum. Line endings and a final newline therefore
/// do not change it. The bytes are taken as UTF-8 (Flyway's default encoding).
std::int32_t flyway_checksum(std::string_view script);

/// sqlx (migrate/migration.rs): SHA-384 of the file's text, as 96 lowercase
/// hex characters (the ledger holds the 48 raw bytes in a BYTEA). Without the
/// optional `ignored-chars` setting of sqlx.toml.
std::string sqlx_checksum(std::string_view script);

/// Drizzle (migrator.ts, readMigrationFiles): SHA-256 hex of <tag>.sql.
std::string drizzle_checksum(std::string_view script);

/// Sqitch (Plan/Change.pm, script_hash): SHA-1 hex of the deploy script's raw bytes.
std::string sqitch_script_hash(std::string_view script);

/// One migration file of an Atlas directory.
struct AtlasFile {
  std::string name;  ///< the file name, as Atlas writes it into atlas.sum
  std::string bytes;
};

/// One line of atlas.sum: a file and its cumulative hash (standard base64,
/// without the "h1:" prefix; atlas_schema_revisions.hash holds the same text).
struct AtlasSumEntry {
  std::string name;
  std::string hash;
};

struct AtlasSum {
  std::vector<AtlasSumEntry> entries;
  std::string sum;  ///< the first line's hash, without "h1:"
};

/// Atlas (sql/migrate/dir.go, NewHashFile and HashFile.Sum), for files in
/// the directory's order (by name): one SHA-256 runs over the whole
/// directory; for each file it is fed the name, then the bytes, and the
/// file's entry is base64 of the digest so far, so an entry depends on every
/// earlier file. A file whose first line holds the directive "atlas:sum
/// ignore" feeds only its name and gets no entry. The sum is base64 of a
/// fresh SHA-256 over every entry's name followed by its hash text.
AtlasSum atlas_sum(const std::vector<AtlasFile>& files);

/// The atlas.sum file Atlas writes for that sum (HashFile.MarshalText).
std::string atlas_sum_text(const AtlasSum& sum);

}  // namespace driftwatch::ledgers
