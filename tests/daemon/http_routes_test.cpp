// Tests what each HTTP path answers, without a socket.
#include "daemon/http_routes.h"

#include <catch2/catch.hpp>

#include <stdlib.h>

namespace dw = driftwatch::daemon;
namespace exporters = driftwatch::exporters;

namespace {

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<dw::StateStore> store;
  bool ready = false;
  dw::ApiSources sources;

  Fixture() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dw-routes-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
    store = std::make_unique<dw::StateStore>(dir);
    std::vector<dw::Event> events(3);
    for (auto& event : events) event.target = "shop";
    REQUIRE(store->commit("shop", {}, {}, events, 0));
    sources.metrics = [] { return std::string("driftwatch_build_info 1\n"); };
    sources.targets = [] { return std::vector<dw::TargetStatus>{}; };
    sources.ready = [this] { return ready; };
    sources.store = store.get();
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  exporters::HttpResponse get(const std::string& path, const std::string& query = "") {
    return dw::route({"GET", path, query}, sources);
  }
};

}  // namespace

TEST_CASE("/metrics has the exposition format's content type") {
  Fixture f;
  const auto response = f.get("/metrics");
  CHECK(response.status == 200);
  CHECK(response.content_type == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(response.body == "driftwatch_build_info 1\n");
}

TEST_CASE("/readyz follows readiness, /healthz is always ok") {
  Fixture f;
  CHECK(f.get("/readyz").status == 503);
  CHECK(f.get("/healthz").status == 200);
  f.ready = true;
  CHECK(f.get("/readyz").status == 200);
}

TEST_CASE("/api/v1/events pages through the stored events") {
  Fixture f;
  const auto all = f.get("/api/v1/events");
  CHECK(all.status == 200);
  CHECK(all.content_type == "application/json");
  CHECK_THAT(all.body, Catch::EndsWith("\"last_id\":3}\n"));
  const auto page = f.get("/api/v1/events", "since=1&limit=1");
  CHECK_THAT(page.body, Catch::StartsWith("{\"events\":[{\"id\":2,"));
  CHECK_THAT(page.body, Catch::EndsWith("\"last_id\":2}\n"));
  CHECK(f.get("/api/v1/events", "since=-1").status == 400);
  CHECK(f.get("/api/v1/events", "since=abc").status == 400);
  CHECK(f.get("/api/v1/events", "limit=0").status == 400);
}

TEST_CASE("unknown paths are 404") {
  Fixture f;
  CHECK(f.get("/api/v1/nothing").status == 404);
  CHECK(f.get("/").status == 200);
}
