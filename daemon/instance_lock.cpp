// The state directory's daemon lock.
#include "daemon/instance_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace driftwatch::daemon {

InstanceLock::InstanceLock(const std::filesystem::path& state_dir) {
  const auto path = state_dir / "daemon.lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd_ < 0) {
    throw std::runtime_error(path.string() + ": cannot open: " + std::strerror(errno));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    std::string holder(32, '\0');
    const auto n = ::pread(fd_, holder.data(), holder.size(), 0);
    holder.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\0')) holder.pop_back();
    ::close(fd_);
    throw std::runtime_error("another driftwatch daemon" +
                             (holder.empty() ? std::string() : " (pid " + holder + ")") +
                             " is using the state directory " + state_dir.string());
  }
  const auto pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    // Only informative: a failed write leaves the lock itself intact.
    (void)::pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

InstanceLock::~InstanceLock() { ::close(fd_); }

}  // namespace driftwatch::daemon
