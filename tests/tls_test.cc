// TLS and mutual TLS on the gRPC port, with certificates generated at test time by openssl:
// a TLS server answers a client that trusts its CA and refuses plaintext; with a client CA it
// also refuses clients without a certificate it signed.
#include <grpcpp/grpcpp.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "replylint/v1/service.grpc.pb.h"
#include "tests/test_util.h"

namespace replylint {
namespace {

using ::replylint::testing::ReadFile;
using ::replylint::testing::ServerProcess;
using ::replylint::testing::TempDir;

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string script =
        "set -e; cd '" + dir_->path() + "'\n"
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
        "  -subj '/CN=replylint test CA' 2>/dev/null\n"
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr "
        "  -subj '/CN=localhost' 2>/dev/null\n"
        "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' > san.ext\n"
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "  -out server.pem -days 2 -extfile san.ext 2>/dev/null\n"
        "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr "
        "  -subj '/CN=agent console' 2>/dev/null\n"
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "  -out client.pem -days 2 2>/dev/null\n";
    ASSERT_EQ(system(("bash -c \"" + script + "\"").c_str()), 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string File(const std::string& name) { return dir_->path() + "/" + name; }

  static grpc::Status Lint(const std::string& address,
                           std::shared_ptr<grpc::ChannelCredentials> creds) {
    auto stub = v1::ReplyLint::NewStub(grpc::CreateChannel(address, creds));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
    v1::LintRequest req;
    req.set_text("不知道");
    v1::LintResponse resp;
    grpc::Status st = stub->Lint(&ctx, req, &resp);
    if (st.ok() && resp.findings_size() == 0) return grpc::Status(grpc::StatusCode::INTERNAL, "");
    return st;
  }

  static TempDir* dir_;
};
TempDir* TlsTest::dir_ = nullptr;

TEST_F(TlsTest, TlsServerAnswersTrustingClientsAndRefusesPlaintext) {
  ServerProcess server({"--tls-cert=" + File("server.pem"), "--tls-key=" + File("server.key")});
  ASSERT_GT(server.port(), 0) << server.Stderr();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadFile(File("ca.pem"));
  EXPECT_TRUE(Lint(server.address(), grpc::SslCredentials(ssl)).ok());
  EXPECT_FALSE(Lint(server.address(), grpc::InsecureChannelCredentials()).ok());
  grpc::SslCredentialsOptions wrong_ca;
  wrong_ca.pem_root_certs = ReadFile(File("client.pem"));  // not the CA
  EXPECT_FALSE(Lint(server.address(), grpc::SslCredentials(wrong_ca)).ok());
}

TEST_F(TlsTest, MutualTlsRequiresAClientCertificateFromTheCa) {
  ServerProcess server({"--tls-cert=" + File("server.pem"), "--tls-key=" + File("server.key"),
                        "--tls-client-ca=" + File("ca.pem")});
  ASSERT_GT(server.port(), 0) << server.Stderr();
  grpc::SslCredentialsOptions anonymous;
  anonymous.pem_root_certs = ReadFile(File("ca.pem"));
  EXPECT_FALSE(Lint(server.address(), grpc::SslCredentials(anonymous)).ok());
  grpc::SslCredentialsOptions with_cert = anonymous;
  with_cert.pem_private_key = ReadFile(File("client.key"));
  with_cert.pem_cert_chain = ReadFile(File("client.pem"));
  EXPECT_TRUE(Lint(server.address(), grpc::SslCredentials(with_cert)).ok());
}

TEST_F(TlsTest, IncompleteTlsFlagsAreAUsageError) {
  auto r = testing::RunCommand({REPLYLINT_BINARY, "serve", "--listen=127.0.0.1:0",
                                "--http-listen=", "--tls-cert=" + File("server.pem")},
                               "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("--tls-key"));
  auto bad = testing::RunCommand({REPLYLINT_BINARY, "serve", "--listen=127.0.0.1:0",
                                  "--http-listen=", "--tls-cert=" + File("san.ext"),
                                  "--tls-key=" + File("server.key")},
                                 "");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, ::testing::HasSubstr("not a PEM file"));
}

}  // namespace
}  // namespace replylint
