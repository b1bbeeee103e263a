#include "service/http_api.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/convert.h"
#include "service/json_writer.h"
#include "service/server.h"
#include "service/transcript_reader.h"

namespace replylint {
namespace {

constexpr const char* kCodeNames[] = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

int HttpStatus(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return 200;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE: return 400;
    case grpc::StatusCode::NOT_FOUND: return 404;
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return 429;
    case grpc::StatusCode::DEADLINE_EXCEEDED: return 504;
    case grpc::StatusCode::UNAVAILABLE: return 503;
    case grpc::StatusCode::UNAUTHENTICATED: return 401;
    case grpc::StatusCode::PERMISSION_DENIED: return 403;
    default: return 500;
  }
}

void Error(httplib::Response& res, const grpc::Status& st) {
  const int code = static_cast<int>(st.error_code());
  res.status = HttpStatus(st.error_code());
  std::string body = absl::StrCat("{\"code\":\"", kCodeNames[code >= 0 && code < 17 ? code : 2],
                                  "\",\"message\":");
  AppendJsonString(st.error_message(), &body);
  body.push_back('}');
  res.set_content(body, "application/json");
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

void InstallHttpApi(httplib::Server* http, LintServer* server, const ServerOptions& options) {
  http->set_payload_max_length(8 << 20);
  // cpp-httplib serves each connection on a thread of a fixed pool: a client that trickles
  // its request or stops reading its answer holds that thread until these run out, so they
  // are short (a draft is a few hundred bytes) and an idle keep-alive connection is dropped.
  http->set_read_timeout(2, 0);
  http->set_write_timeout(2, 0);
  http->set_keep_alive_timeout(5);
  const std::vector<std::string> origins = options.cors_origins;
  // CORS: echo the origin only when it is configured; preflight for the POST routes.
  http->set_post_routing_handler([origins](const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && std::find(origins.begin(), origins.end(), origin) != origins.end()) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
  });
  http->Options(R"(/v1/.*)", [origins](const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    if (std::find(origins.begin(), origins.end(), origin) == origins.end()) {
      res.status = 403;
      return;
    }
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Content-Type");
    res.set_header("Access-Control-Max-Age", "600");
  });

  http->Post("/v1/lint", [server](const httplib::Request& req, httplib::Response& res) {
    v1::LintRequest request;
    if (absl::Status st = FromJson(req.body, &request); !st.ok()) {
      Error(res, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              absl::StrCat("body is not a LintRequest JSON: ", st.message())));
      return;
    }
    v1::LintResponse response;
    grpc::Status st = server->LintOne(request, &response);
    if (!st.ok()) return Error(res, st);
    std::string body;
    AppendJson(response, &body);
    res.set_content(body, "application/json");
  });

  http->Post("/v1/score", [server](const httplib::Request& req, httplib::Response& res) {
    std::string out;
    int line_no = 0;
    for (absl::string_view line : absl::StrSplit(req.body, '\n')) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == absl::string_view::npos) continue;
      v1::Transcript transcript;
      std::string reason;
      if (!ParseTranscriptLine(std::string(line), &transcript, &reason)) {
        return Error(res, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                       absl::StrCat("line ", line_no, ": ", reason)));
      }
      v1::TranscriptReport report;
      grpc::Status st = server->ScoreOne(transcript, &report);
      if (!st.ok()) return Error(res, st);
      AppendJson(report, &out);
      out.push_back('\n');
    }
    res.set_content(out, "application/x-ndjson");
  });

  http->Post("/v1/outcome", [server](const httplib::Request& req, httplib::Response& res) {
    v1::OutcomeReport report;
    if (absl::Status st = FromJson(req.body, &report); !st.ok()) {
      return Error(res, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                     absl::StrCat("body is not an OutcomeReport JSON: ",
                                                  st.message())));
    }
    grpc::Status st = server->ReportOutcome(report);
    if (!st.ok()) return Error(res, st);
    res.set_content("{}", "application/json");
  });

  http->Get("/metrics", [server](const httplib::Request&, httplib::Response& res) {
    res.set_content(server->metrics().Render(), "text/plain; version=0.0.4");
  });

  // The coach panel: a fixed set of files, read at start (no path from the request ever
  // reaches the file system).
  struct File {
    const char* route;
    const char* name;
    const char* type;
  };
  static constexpr File kFiles[] = {{"/", "index.html", "text/html; charset=utf-8"},
                                    {"/panel.js", "panel.js", "text/javascript; charset=utf-8"},
                                    {"/panel.css", "panel.css", "text/css; charset=utf-8"}};
  for (const File& f : kFiles) {
    const std::string content = ReadFileOrEmpty(options.web_dir + "/" + f.name);
    const std::string type = f.type;
    http->Get(f.route, [content, type](const httplib::Request&, httplib::Response& res) {
      if (content.empty()) {
        res.status = 404;
        return;
      }
      res.set_header("Cache-Control", "no-cache");
      res.set_content(content, type.c_str());
    });
  }
}

}  // namespace replylint
