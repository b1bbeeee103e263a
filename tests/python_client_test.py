#!/usr/bin/python3
"""A gRPC client nobody here wrote: Debian's python3-grpcio with stubs generated from proto/ at
test time, against the real `replylint serve` on a free loopback port. (Health and reflection
are checked by the C++ test: a generated grpc.health package would shadow python3-grpcio's.)

Usage: python_client_test.py REPLYLINT_BINARY SOURCE_DIR
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest

BINARY, SOURCE = sys.argv[1], sys.argv[2]
del sys.argv[1:3]

GEN = tempfile.mkdtemp(prefix="replylint-py-")
subprocess.run(
    ["protoc", "-I", os.path.join(SOURCE, "proto"), "--python_out", GEN,
     "--grpc_python_out", GEN, "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin",
     "replylint/v1/lint.proto", "replylint/v1/service.proto"],
    check=True)
sys.path.insert(0, GEN)

import grpc  # noqa: E402
from replylint.v1 import lint_pb2, service_pb2, service_pb2_grpc  # noqa: E402


class PythonClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen(
            [BINARY, "serve", "--listen=127.0.0.1:0", "--http-listen=",
             "--lexicons=" + os.path.join(SOURCE, "lexicons")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = cls.server.stdout.readline()
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        assert m, "server did not start: " + line + cls.server.stderr.read()
        cls.channel = grpc.insecure_channel("127.0.0.1:" + m.group(1))
        cls.stub = service_pb2_grpc.ReplyLintStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.server.send_signal(signal.SIGTERM)
        assert cls.server.wait(timeout=10) == 0

    def test_lint_finds_the_issue_example(self):
        text = "不知道，你自己看吧"
        resp = self.stub.Lint(lint_pb2.LintRequest(text=text, revision=3), timeout=5)
        self.assertEqual([f.rule_id for f in resp.findings],
                         ["banned-negative", "rude-phrase", "missing-emoji"])
        # Python strings count code points: the span's *_cp offsets index them directly.
        first = resp.findings[0].span
        self.assertEqual(text[first.start_cp:first.end_cp], "不知道")
        rude = resp.findings[1].span
        self.assertEqual(text[rude.start_cp:rude.end_cp], "你自己看")
        self.assertEqual(text.encode()[rude.start_utf8:rude.end_utf8].decode(), "你自己看")
        self.assertEqual(resp.rewrite, "我帮您查询一下，我来帮您看一下吧😊")
        self.assertEqual(resp.revision, 3)

    def test_spans_after_an_emoji_in_all_units(self):
        text = "😊你好"
        resp = self.stub.Lint(lint_pb2.LintRequest(text=text), timeout=5)
        span = resp.findings[0].span
        self.assertEqual(text[span.start_cp:span.end_cp], "你好")
        utf16 = text.encode("utf-16-le")
        self.assertEqual(utf16[2 * span.start_utf16:2 * span.end_utf16].decode("utf-16-le"), "你好")

    def test_unknown_ruleset_is_not_found(self):
        with self.assertRaises(grpc.RpcError) as err:
            self.stub.Lint(lint_pb2.LintRequest(text="hi", ruleset="nope"), timeout=5)
        self.assertEqual(err.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("default", err.exception.details())

    def test_stream_ends_on_newest_revision(self):
        drafts = ["不", "不知", "不知道", "不知道，", "不知道，你"]
        reqs = (lint_pb2.LintRequest(text=t, revision=i + 1) for i, t in enumerate(drafts))
        revisions = [r.revision for r in self.stub.LintStream(reqs, timeout=5)]
        self.assertEqual(revisions[-1], len(drafts))
        self.assertEqual(revisions, sorted(set(revisions)))

    def test_get_ruleset(self):
        resp = self.stub.GetRuleset(service_pb2.GetRulesetRequest(), timeout=5)
        self.assertEqual([r.name for r in resp.rulesets], ["default", "shop-demo"])
        self.assertIn("banned-negative", [r.id for r in resp.rulesets[0].rules])


if __name__ == "__main__":
    unittest.main(verbosity=2)
