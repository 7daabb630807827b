"""Page test of the rendered site in a real browser (Debian's chromium, driven by chromedriver).

Serves `_docs/` on localhost, loads every page and fails on: a broken local link, an image that did
not load, a stored error or traceback in a page's outputs, a Markdown link shown as raw text, or a chapter
missing from the sidebar.
Screenshots of the index and two chapters go to `_docs_shots/`.
Usage: python .ci/check_site.py [DOCS_DIR] [SHOTS_DIR]
"""
import functools, http.server, sys, threading
from pathlib import Path
from urllib.parse import urlparse, unquote
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

docs = Path(sys.argv[1] if len(sys.argv) > 1 else "_docs").resolve()
shots = Path(sys.argv[2] if len(sys.argv) > 2 else "_docs_shots").resolve()
if not (docs / "index.html").exists(): sys.exit(f"check_site: no {docs}/index.html; run nbdev_docs first")
shots.mkdir(exist_ok=True)

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

handler = functools.partial(Quiet, directory=str(docs))
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_port}/"

opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1600"):
    opts.add_argument(a)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
driver.set_page_load_timeout(60)

PROBE = """
const imgs = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src'));
const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
const errs = [...document.querySelectorAll('.cell-output-error, .cell-output-stderr, .cell-output pre, .cell-output-stdout')]
  .map(e => e.innerText).filter(t => /Traceback \\(most recent call last\\)|^\\w*Error: /m.test(t)).map(t => t.slice(0, 200));
const side = [...document.querySelectorAll('#quarto-sidebar a[href]')].map(a => a.href);
const raw = [...document.querySelectorAll('main p, main li, main td')].map(e => e.innerText)
  .filter(t => /\]\((https?:\/\/|\.{0,2}\/|[\w.-]+\.(ipynb|html|md)\b)/.test(t)).map(t => t.slice(0, 160));
return [imgs, links, errs, side, raw];
"""
pages = sorted(p for p in docs.glob("*.html"))
problems, sidebar = [], set()
for page in pages:
    url = base + page.name
    driver.get(url)
    bad_imgs, links, errs, side, raw = driver.execute_script(PROBE)
    problems += [f"{page.name}: image did not load: {s}" for s in bad_imgs]
    problems += [f"{page.name}: Markdown link shown raw (a link inside a link?): {t!r}" for t in raw]
    problems += [f"{page.name}: stored error output: {e!r}" for e in errs]
    for href in links:
        u = urlparse(href)
        if u.scheme != "http" or u.netloc != urlparse(base).netloc: continue
        target = docs / unquote(u.path).lstrip("/")
        if target.is_dir(): target = target / "index.html"
        if not target.exists(): problems.append(f"{page.name}: broken local link: {unquote(u.path)}")
    if page.name == "index.html": sidebar = {Path(urlparse(h).path).name or "index.html" for h in side}
chapters = {p.name for p in pages} - {"404.html"}
problems += [f"sidebar: chapter missing: {c}" for c in sorted(chapters - sidebar)]
for name in ("index.html", "aae.html", "gan_comparison.html"):
    if (docs / name).exists():
        driver.get(base + name); driver.save_screenshot(str(shots / name.replace(".html", ".png")))
driver.quit(); server.shutdown()
for p in problems: print("check_site:", p)
print(f"check_site: {len(pages)} pages, {len(sidebar)} sidebar entries, {len(problems)} problems; screenshots in {shots}")
sys.exit(1 if problems else 0)
