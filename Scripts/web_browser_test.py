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
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 3.0, "touch": True}})
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


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def login(driver, name, password):
    driver.get(URL + "/inbox")
    check("/login" in driver.current_url, f"not sent to the login page: {driver.current_url}")
    driver.find_element(By.ID, "login").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "/login" not in d.current_url or d.find_elements(By.CSS_SELECTOR, ".problem"))


phone = browser(390, 844, phone=True)
try:
    phone.get(URL + "/login")
    check(not unlabelled_inputs(phone), f"inputs without a label on the login page: {unlabelled_inputs(phone)}")
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
    shot(phone, "phone-inbox")

    item.click()
    check(not unlabelled_inputs(phone), f"inputs without a label on the item page: {unlabelled_inputs(phone)}")
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
    check(COMMENT in log and "approve" in log, f"agency log does not show the approval:\n{log}")
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
    desktop.get(URL + "/projects")
    shot(desktop, "desktop-projects")
    desktop.get(URL + "/dashboard")
    check(desktop.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]") is not None, "the dashboard does not refresh")
    shot(desktop, "desktop-dashboard")
finally:
    desktop.quit()
print(f"web browser test passed; screenshots in {SHOTS}")
