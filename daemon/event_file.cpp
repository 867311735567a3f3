// Catching the event file up with the state store, under a file lock.
#include "daemon/event_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace driftwatch::daemon {
namespace {

constexpr std::size_t kBatch = 1000;

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what) {
  throw StateError(path.string() + ": " + std::string(what) + ": " + std::strerror(errno));
}

class LockedFile {
 public:
  // Another writer may have renamed the file away while this one waited for
  // the lock (see EventFile::catch_up): then the lock is on a file no longer
  // at `path`, and the file now there is opened and locked instead.
  LockedFile(const std::filesystem::path& path, int flags) : path_(path) {
    for (;;) {
      fd_ = ::open(path.c_str(), flags | O_CLOEXEC, 0640);
      if (fd_ < 0) fail(path, "cannot open");
      while (::flock(fd_, LOCK_EX) != 0) {
        if (errno != EINTR) fail(path, "cannot lock");
      }
      struct stat locked {};
      struct stat named {};
      if (::fstat(fd_, &locked) != 0) fail(path, "cannot stat");
      if (::stat(path.c_str(), &named) == 0 && named.st_dev == locked.st_dev &&
          named.st_ino == locked.st_ino) {
        return;
      }
      ::close(fd_);
    }
  }
  ~LockedFile() { ::close(fd_); }  // also releases the lock
  LockedFile(const LockedFile&) = delete;
  LockedFile& operator=(const LockedFile&) = delete;
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

struct LastLine {
  std::int64_t id = 0;  ///< 0: the file has no line
  std::string text;     ///< without its newline
};

// The last complete line and its event's id. A line a crash cut short (no
// newline at the end of the file) is cut off, so the next append starts
// cleanly.
LastLine last_line(const LockedFile& file) {
  struct stat info {};
  if (::fstat(file.fd(), &info) != 0) fail(file.path(), "cannot stat");
  auto size = static_cast<std::size_t>(info.st_size);
  std::string tail;
  std::size_t window = 1 << 16;
  for (;;) {
    const std::size_t start = size > window ? size - window : 0;
    tail.resize(size - start);
    const auto n = ::pread(file.fd(), tail.data(), tail.size(), static_cast<off_t>(start));
    if (n < 0) fail(file.path(), "cannot read");
    tail.resize(static_cast<std::size_t>(n));
    const auto end = tail.rfind('\n');
    if (end == std::string::npos && start > 0) {
      window *= 4;
      continue;
    }
    const std::size_t complete = end == std::string::npos ? start : start + end + 1;
    if (complete != size) {
      if (::ftruncate(file.fd(), static_cast<off_t>(complete)) != 0) {
        fail(file.path(), "cannot trim a torn last line");
      }
      size = complete;
    }
    if (complete == 0) return {};
    const auto line_end = complete - start - 1;
    const auto line_start = tail.rfind('\n', line_end == 0 ? 0 : line_end - 1);
    if (line_start == std::string::npos && start > 0) {
      window *= 4;
      continue;
    }
    const auto begin = line_start == std::string::npos ? 0 : line_start + 1;
    LastLine last{0, tail.substr(begin, line_end - begin)};
    const auto doc = nlohmann::json::parse(last.text, nullptr, false);
    if (doc.is_discarded() || !doc.contains("id") || !doc["id"].is_number_integer()) {
      throw StateError(file.path().string() +
                       ": the last line is not an event; move the file aside");
    }
    last.id = doc["id"].get<std::int64_t>();
    return last;
  }
}

// `base`, or `base.N` for the first N that names no file.
std::filesystem::path unused_name(const std::string& base) {
  std::filesystem::path candidate = base;
  std::error_code error;
  for (int n = 1; std::filesystem::exists(candidate, error); ++n) {
    candidate = base + "." + std::to_string(n);
  }
  return candidate;
}

void write_all(const LockedFile& file, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(file.fd(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(file.path(), "cannot append");
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

EventFile::EventFile(std::filesystem::path path, StateStore& store)
    : path_(std::move(path)), store_(store) {
  std::error_code error;
  if (std::filesystem::exists(path_, error)) {
    const LockedFile file(path_, O_RDWR);
    (void)last_line(file);
  }
}

std::string moved_aside_warning(const std::filesystem::path& moved) {
  return "event file: it held events the state does not have (was the state reset?); kept as " +
         moved.string() + ", a new file starts";
}

std::optional<std::filesystem::path> EventFile::catch_up() {
  constexpr int kAppend = O_RDWR | O_CREAT | O_APPEND;
  auto file = std::make_unique<LockedFile>(path_, kAppend);
  const auto last = last_line(*file);
  std::optional<std::filesystem::path> moved;
  // The events from the file's last one on: the first must be that line.
  auto events = store_.events_after(last.id == 0 ? 0 : last.id - 1, kBatch);
  if (last.id != 0) {
    if (!events.empty() && events.front().first == last.id && events.front().second == last.text) {
      events.erase(events.begin());
    } else {
      // The file is written from the store only, so this happens only when
      // the store was reset: the file holds another history, whose last id
      // the new events, numbered from 1 again, would be skipped up to. It
      // is kept under another name, and a new file starts.
      moved = unused_name(path_.string() + ".before-reset");
      if (::rename(path_.c_str(), moved->c_str()) != 0) fail(path_, "cannot move aside");
      file = std::make_unique<LockedFile>(path_, kAppend);
      events = store_.events_after(0, kBatch);
    }
  }
  while (!events.empty()) {
    std::string text;
    for (const auto& [id, body] : events) text += body + '\n';
    // A failed write may leave part of a line: the next call trims it.
    write_all(*file, text);
    if (::fdatasync(file->fd()) != 0) fail(path_, "cannot sync");
    events = store_.events_after(events.back().first, kBatch);
  }
  return moved;
}

}  // namespace driftwatch::daemon
