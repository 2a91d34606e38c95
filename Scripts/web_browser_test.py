"""The web workplace in headless chromium (run by Scripts/web-browser-test).

张伟, a 包联领导, opens the workplace on a 390-px phone, logs in, finds the approval in
我的待办, approves it with a comment, sees it leave the inbox and the comment in the
timeline; `agency log` on the store shows the same approval. Then the desktop width,
the 项目库 and the dashboard render; every visible input has a label; Tab from the top of
the login page reaches the login field. Exit 1 with the reason on the first failure.
"""
import os
import subprocess
import sys

import axe_core_python

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["AGENCY_URL"]
SHOTS = os.environ["AGENCY_SCREENSHOTS"]
COMMENT = "同意推进，请尽快办理用地预审"


def check(condition, message):
    if not condition:
        print(f"web browser test FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def browser(width, height, phone=False):
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={max(width, 500)},{height}", "--lang=zh-CN"):
        options.add_argument(argument)
    if phone:
        # A desktop window is at least 500 px wide; a phone is emulated (viewport and touch).
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": True}})
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def unlabelled_inputs(driver):
    return driver.execute_script("""
        return [...document.querySelectorAll('input, textarea, select')]
          .filter(e => e.type !== 'hidden')
          .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')) && !e.closest('label'))
          .map(e => e.name || e.outerHTML);
    """)


def outcome(driver):
    """After a form's POST: the confirmation, or the problem the page shows (waits up to 15 s)."""
    WebDriverWait(driver, 15).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".flash, .problem")))
    problems = driver.find_elements(By.CSS_SELECTOR, ".problem")
    check(not problems, f"the page shows a problem: {problems[0].text if problems else ''}")
    return driver.find_element(By.CSS_SELECTOR, ".flash").text


AXE = open(os.path.join(os.path.dirname(axe_core_python.__file__), "axe.min.js"), encoding="utf-8").read()


def accessible(driver, page, allowed=()):
    """axe-core's WCAG 2 A/AA rules on the page as it is; serious and critical violations fail,
    except rules in `allowed` (each with its reason where it is passed)."""
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}).then(done);")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical") and v["id"] not in allowed]
    check(not bad, f"axe-core on {page}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad))


def shot(driver, name, whole=False):
    """A screenshot; `whole` grows a desktop window to the page's height first (at most 2,400 px)."""
    if whole:
        size = driver.get_window_size()
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(size["width"], min(height, 2400))
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))
    if whole:
        driver.set_window_size(size["width"], size["height"])


def login(driver, name, password, base=None):
    driver.get((base or URL) + "/inbox")
    check("/login" in driver.current_url, f"not sent to the login page: {driver.current_url}")
    driver.find_element(By.ID, "login").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "/login" not in d.current_url or d.find_elements(By.CSS_SELECTOR, ".problem"))


phone = browser(390, 844, phone=True)
try:
    phone.get(URL + "/login")
    check(not unlabelled_inputs(phone), f"inputs without a label on the login page: {unlabelled_inputs(phone)}")
    accessible(phone, "the login page")
    body = phone.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the skip link
    body = phone.switch_to.active_element
    body.send_keys(Keys.TAB)
    check(phone.switch_to.active_element.get_attribute("id") == "login",
          "Tab from the top of the login page does not reach the login field")
    shot(phone, "phone-login")

    login(phone, "zhangwei", "Bao-lian-2025")
    check(phone.current_url.endswith("/inbox"), f"after login: {phone.current_url}")
    check(phone.title.startswith("(1) 我的待办"), f"the title has no badge: {phone.title!r}")
    item = phone.find_element(By.CSS_SELECTOR, "ul.items li a")
    check("年产5万吨锂电池负极材料项目" in item.text, f"the inbox row does not name the project: {item.text!r}")
    check("包联领导审批" in item.text, f"the inbox row does not name the state: {item.text!r}")
    viewport = phone.execute_script("return window.innerWidth")
    check(viewport == 390, f"the phone's viewport is {viewport}px, not 390")
    width = phone.execute_script("return document.documentElement.scrollWidth")
    check(width <= 390, f"the inbox is wider than the phone: {width}px")
    accessible(phone, "我的待办")
    shot(phone, "phone-inbox")

    item.click()
    check(not unlabelled_inputs(phone), f"inputs without a label on the item page: {unlabelled_inputs(phone)}")
    accessible(phone, "the item page")
    phone.find_element(By.CSS_SELECTOR, "textarea[name=comment]").send_keys(COMMENT)
    opinion = os.path.join(SHOTS, "审批意见.pdf")
    with open(opinion, "wb") as handle:
        handle.write("%PDF-1.4\n审批意见书".encode())
    phone.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(opinion)
    shot(phone, "phone-item")
    phone.find_element(By.CSS_SELECTOR, "button[value=approve]").click()
    flash = outcome(phone)
    check("已同意" in flash, f"no confirmation after approving: {flash!r}")
    timeline = phone.find_element(By.CSS_SELECTOR, "ol.timeline").text
    check(COMMENT in timeline and "张伟" in timeline, f"the approval is not in the timeline: {timeline!r}")
    link = phone.find_element(By.LINK_TEXT, "审批意见.pdf").get_attribute("href")
    check("/attachments/" in link, f"the attachment has no link: {link}")
    shot(phone, "phone-after-approve")

    phone.get(URL + "/inbox")
    check(not phone.find_elements(By.CSS_SELECTOR, "ul.items li"), "the approved item is still in the inbox")
    check("没有待办事项" in phone.find_element(By.TAG_NAME, "main").text, "the empty inbox says nothing")

    log = subprocess.run([os.environ["AGENCY_BIN"], "log", "p-1", "--store", os.environ["AGENCY_STORE_DIR"]],
                         capture_output=True, text=True, check=True).stdout
    # The store speaks Chinese: the approval reads 同意 in the log.
    check(COMMENT in log and " 同意 " in log, f"agency log does not show the approval:\n{log}")
    journal = subprocess.run([os.environ["AGENCY_BIN"], "log", "p-1", "--json", "--store", os.environ["AGENCY_STORE_DIR"]],
                             capture_output=True, text=True, check=True).stdout
    check("审批意见.pdf" in journal and "sha256:" in journal, "the journal does not name the attachment by its hash")
finally:
    phone.quit()

desktop = browser(1280, 900)
try:
    login(desktop, "zhangwei", "Bao-lian-2025")
    desktop.get(URL + "/instances/p-1")
    check("已办结" in desktop.find_element(By.CSS_SELECTOR, "p.meta").text, "the instance is not shown as done")
    desktop.find_element(By.CSS_SELECTOR, "form[action$='/verify'] button").click()
    check("校验通过" in outcome(desktop), "verify on the page did not pass")
    shot(desktop, "desktop-instance")
    accessible(desktop, "the instance page")
    desktop.get(URL + "/projects")
    accessible(desktop, "项目库")
    shot(desktop, "desktop-projects")
    desktop.get(URL + "/report")
    accessible(desktop, "周报告")
    desktop.get(URL + "/dashboard")
    # The meeting-room screen refreshes itself by design; the page offers 暂停自动刷新, and
    # with it the refresh is gone and axe passes the page whole.
    accessible(desktop, "the dashboard", allowed=("meta-refresh",))
    desktop.find_element(By.LINK_TEXT, "暂停自动刷新").click()
    check(not desktop.find_elements(By.CSS_SELECTOR, "meta[http-equiv=refresh]"), "暂停自动刷新 did not stop it")
    accessible(desktop, "the paused dashboard")
    desktop.get(URL + "/dashboard")
    check(desktop.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]") is not None, "the dashboard does not refresh")
    shot(desktop, "desktop-dashboard")
finally:
    desktop.quit()
# The demo zone: its director's pages pass axe with real data (charts, tables, lights); then
# a tick a month later in simulated time escalates overdue items, and the agent's inbox and
# the dashboard show them red.
DEMO = os.environ["AGENCY_DEMO_URL"]
director = browser(1280, 900)
try:
    login(director, "chenzhiyuan", "demo-2025", base=DEMO)
    for path, name in (("/report", "the demo's 周报告"), ("/projects", "the demo's 项目库"),
                       ("/instances/P02", "a demo project"), ("/inbox?view=cc", "the director's 抄送")):
        director.get(DEMO + path)
        accessible(director, name)
    director.get(DEMO + "/report")
    check(len(director.find_elements(By.CSS_SELECTOR, "svg.chart")) == 4, "the report does not show its four charts")
    shot(director, "desktop-report", whole=True)
    director.get(DEMO + "/instances/P02")
    shot(director, "desktop-project", whole=True)

    def red_items():
        director.get(DEMO + "/dashboard?refresh=off")
        heading = [h.text for h in director.find_elements(By.TAG_NAME, "h2") if h.text.startswith("红灯事项")]
        return int(heading[0].split("（")[1].rstrip("）")) if heading else -1

    before = red_items()
    clock = open(os.path.join(os.environ["AGENCY_DEMO_STORE"], "environment", "clock")).read().strip()
    later = subprocess.run(["date", "-d", f"{clock} + 30 days", "+%Y-%m-%dT%H:%M:%S+08:00"],
                           capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([os.environ["AGENCY_BIN"], "tick", "--store", os.environ["AGENCY_DEMO_STORE"], "--now", later],
                   capture_output=True, text=True, check=True)
    after = red_items()
    check(after > before, f"a tick a month later turned no item red ({before} → {after})")
    shot(director, "desktop-dashboard")
finally:
    director.quit()

agent = browser(390, 844, phone=True)
try:
    login(agent, "zhangwei", "demo-2025", base=DEMO)
    red = agent.find_elements(By.CSS_SELECTOR, "ul.items li.light-red")
    check(red, "the agent's inbox shows no red item after the month")
    check("已超期" in red[0].text and "红灯" in red[0].text, f"a red item does not say it is overdue: {red[0].text!r}")
    shot(agent, "phone-inbox-overdue")
finally:
    agent.quit()
print(f"web browser test passed; screenshots in {SHOTS}")
