// Log formats: journald-aware text and JSON lines.
#include "daemon/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

namespace driftwatch::daemon {
namespace {

// "<3>" and so on: journald reads a line's priority from this prefix
// (sd-daemon(3)), so that `journalctl -p warning` works.
class JournalPriority final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    static constexpr std::string_view kPrefixes[] = {"<7>", "<7>", "<6>", "<4>",
                                                     "<3>", "<2>", "<6>"};
    const auto prefix = kPrefixes[static_cast<int>(msg.level)];
    dest.append(prefix.data(), prefix.data() + prefix.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JournalPriority>();
  }
};

// The whole record as one JSON object; the message is escaped properly.
class JsonRecord final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const auto time = std::chrono::system_clock::to_time_t(msg.time);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char stamp[32];
    const auto length = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    nlohmann::ordered_json record{
        {"time", std::string(stamp, length)},
        {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                              spdlog::level::to_string_view(msg.level).size())},
        {"message", std::string(msg.payload.data(), msg.payload.size())}};
    const auto text = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonRecord>();
  }
};

}  // namespace

void configure_logging(const config::LogSettings& settings) {
  auto logger = spdlog::get("driftwatch");
  if (!logger) {
    logger = std::make_shared<spdlog::logger>("driftwatch",
                                              std::make_shared<spdlog::sinks::stderr_sink_mt>());
    spdlog::set_default_logger(logger);
  }
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  if (settings.format == config::LogFormat::json) {
    formatter->add_flag<JsonRecord>('*').set_pattern("%*");
  } else if (std::getenv("JOURNAL_STREAM") != nullptr) {
    // journald adds its own timestamp.
    formatter->add_flag<JournalPriority>('*').set_pattern("%*%v");
  } else {
    formatter->add_flag<JournalPriority>('*').set_pattern("%Y-%m-%dT%H:%M:%S%z %l %v");
  }
  logger->set_formatter(std::move(formatter));
  logger->set_level(spdlog::level::from_str(settings.level));
  logger->flush_on(spdlog::level::trace);
}

}  // namespace driftwatch::daemon
