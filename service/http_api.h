// The HTTP/JSON face of the server, for browsers (chat consoles are web apps and cannot speak
// plain gRPC): POST /v1/lint (LintRequest -> LintResponse), POST /v1/score (Transcript JSON
// lines -> TranscriptReport JSON lines), POST /v1/outcome (OutcomeReport), GET /metrics, and
// the coach panel's files at "/". Bodies use protobuf's JSON mapping of the same messages;
// errors are {"code":"INVALID_ARGUMENT","message":"..."} with a matching HTTP status.
// Routes run on cpp-httplib's thread pool and call the same code as the rpcs.
#ifndef REPLYLINT_SERVICE_HTTP_API_H_
#define REPLYLINT_SERVICE_HTTP_API_H_

namespace httplib {
class Server;
}

namespace replylint {

class LintServer;
struct ServerOptions;

void InstallHttpApi(httplib::Server* http, LintServer* server, const ServerOptions& options);

}  // namespace replylint

#endif  // REPLYLINT_SERVICE_HTTP_API_H_
