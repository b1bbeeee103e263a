// Browser test of the coach panel: a real `replylint serve`, Debian's headless Chromium driven
// by playwright-core. Types a draft with an emoji before the violation, checks the highlight
// covers exactly the offending characters (UTF-16 offsets), clicks a suggestion, checks the
// text and the findings update, and saves a screenshot.
//   node panel_test.js REPLYLINT_BINARY LEXICONS_DIR WEB_DIR OUT_DIR
"use strict";
const { spawn } = require("child_process");
const assert = require("assert");
const path = require("path");
const { chromium } = require("playwright-core");

const [binary, lexicons, webDir, outDir] = process.argv.slice(2);

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ["serve", "--listen=127.0.0.1:0", "--http-listen=127.0.0.1:0",
      "--lexicons=" + lexicons, "--web-dir=" + webDir], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/API on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({ proc, url: "http://127.0.0.1:" + m[1] + "/" });
    });
    proc.on("exit", (code) => reject(new Error("server exited " + code + ": " + out)));
  });
}

async function main() {
  const { proc, url } = await startServer();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  let failed = 0, passed = 0;
  async function check(name, fn) {
    try {
      await fn();
      passed++;
      console.log("ok   " + name);
    } catch (e) {
      failed++;
      console.log("FAIL " + name + ": " + e.message);
    }
  }
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(url);
    const draft = "😊不知道，你自己看吧";
    await page.fill("#draft", draft);
    await page.waitForSelector("mark[data-rule=banned-negative]", { timeout: 5000 });

    await check("highlight sits on 不知道, after the emoji", async () => {
      const text = await page.textContent("mark[data-rule=banned-negative]");
      assert.strictEqual(text, "不知道");
      // The mirror's text before the mark is exactly the emoji (2 UTF-16 units).
      const before = await page.evaluate(() => {
        const m = document.querySelector("mark[data-rule=banned-negative]");
        const r = document.createRange();
        r.setStart(document.getElementById("mirror"), 0);
        r.setEndBefore(m);
        return r.toString();
      });
      assert.strictEqual(before, "😊");
    });
    await check("rude phrase highlighted at 你自己看", async () => {
      assert.strictEqual(await page.textContent("mark[data-rule=rude-phrase]"), "你自己看");
    });
    await check("explanation on hover (title) is the Chinese message", async () => {
      const title = await page.getAttribute("mark[data-rule=banned-negative]", "title");
      assert.ok(title.includes("不知道") && title.startsWith("banned-negative: "), title);
    });
    await check("score shown", async () => {
      assert.strictEqual((await page.textContent("#score")).trim(), "0");
    });

    await page.click("li[data-rule=banned-negative] button.suggestion >> nth=0");
    await page.waitForFunction(() => !document.querySelector("mark[data-rule=banned-negative]"),
      null, { timeout: 5000 });
    await check("suggestion applied to the right characters", async () => {
      assert.strictEqual(await page.inputValue("#draft"), "😊我帮您查询一下，你自己看吧");
    });
    await check("findings updated: banned-negative gone, rude-phrase still there", async () => {
      const rules = await page.$$eval("#findings li", (lis) => lis.map((li) => li.dataset.rule));
      assert.ok(!rules.includes("banned-negative"), rules.join(","));
      assert.ok(rules.includes("rude-phrase"), rules.join(","));
    });

    await page.click("#apply-all");
    await page.waitForFunction(() => document.querySelectorAll("#findings li").length === 0,
      null, { timeout: 5000 });
    await check("apply all gives a clean rewrite", async () => {
      assert.strictEqual(await page.inputValue("#draft"), "😊我帮您查询一下，我来帮您看一下吧");
      assert.strictEqual((await page.textContent("#score")).trim(), "100");
    });

    await page.fill("#draft", "這個我不曉得");
    await page.waitForSelector("mark[data-rule=banned-negative]", { timeout: 5000 });
    await check("Traditional input is highlighted at its own characters", async () => {
      assert.strictEqual(await page.textContent("mark[data-rule=banned-negative]"), "我不曉得");
    });
    // Typed key by key, each key after the debounce: every key sends a request and supersedes
    // (cancels) the one before it if that is still on its way; the newest draft's answer wins
    // and nothing superseded shows up as an error.
    await page.fill("#draft", "");
    await page.type("#draft", "好的你自己看吧", { delay: 130 });
    await check("typing key by key ends on the newest draft, with no error shown", async () => {
      // The answer for the whole draft: the mark on 你自己看 with 吧 after it.
      await page.waitForFunction(() => {
        const m = document.querySelector("mark[data-rule=rude-phrase]");
        return m && m.textContent === "你自己看" && m.nextSibling &&
          m.nextSibling.textContent.startsWith("吧");
      }, null, { timeout: 5000 });
      assert.strictEqual(await page.textContent("#status"), "");
    });
    // With the customer's last message as context, the conversation rules coach the draft. An
    // apology written after the solution is moved: one item in the list, one click, both edits.
    await page.fill("#customer", "发错货了，我要投诉");
    await page.fill("#draft", "已为您补发，非常抱歉给您带来不便😊");
    await page.waitForSelector("li[data-rule=missing-apology]", { timeout: 5000 });
    await check("a moved apology is one item whose button moves it", async () => {
      assert.strictEqual(await page.locator("li[data-rule=missing-apology]").count(), 1);
      await page.click("li[data-rule=missing-apology] button.suggestion >> nth=0");
      await page.waitForFunction(() => !document.querySelector("li[data-rule=missing-apology]"),
        null, { timeout: 5000 });
      assert.strictEqual(await page.inputValue("#draft"), "非常抱歉给您带来不便，已为您补发😊");
    });
    await page.fill("#customer", "");
    await page.fill("#draft", "這個我不曉得");
    await page.waitForSelector("mark[data-rule=banned-negative]", { timeout: 5000 });
    await page.screenshot({ path: path.join(outDir, "panel.png"), fullPage: true });

    await check("outcomes reached the server (feedback loop)", async () => {
      const res = await page.request.get(url + "metrics");
      const body = await res.text();
      assert.ok(/replylint_suggestions_total\{ruleset="default",rule="banned-negative",outcome="accepted"\} [1-9]/.test(body), body);
      assert.ok(/outcome="shown"\} [1-9]/.test(body));
    });
  } finally {
    await browser.close();
    proc.kill("SIGTERM");
  }
  console.log(passed + " passed, " + failed + " failed");
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
