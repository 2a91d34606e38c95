#!/usr/bin/env python3
"""Writes agency's man page (man(7), UTF-8) from the command tree of the binary itself.

Usage: Scripts/manpage.py AGENCY_BINARY DATE > agency.1      (Scripts/install runs it)

The tree is what swift-argument-parser prints for `agency --experimental-dump-help` (ToolInfo
version 0), the same source as `--help` and the library's own `generate-manual` plugin, so the
page cannot drift from the binary. The plugin's tool is not used: it drops every character that
is not ASCII (Tools/generate-manual/MDoc/String+Escaping.swift, `where character.isASCII`), and
75 of agency's 662 help texts name things in Chinese (全代办, 同意, 转办, `--comment 已提交材料`),
which would leave examples that no longer work.

Exit codes: 0 written; 1 the binary did not run or printed a tree this script does not know.
"""
import json
import re
import subprocess
import sys


def fail(message):
    print(f"manpage.py: error: {message}", file=sys.stderr)
    sys.exit(1)


def escape(text):
    """Roff-escapes running text: backslashes, hyphens (so that options copy as typed)."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def line(text):
    """One input line of text: a leading period or quote would be read as a request."""
    text = escape(text)
    return "\\&" + text if text[:1] in (".", "'") else text


def paragraphs(text):
    """Roff for a help text: prose is filled, lines indented in the source (examples) are
    kept as they are; blank lines separate paragraphs."""
    out = []
    literal = False
    for raw in text.rstrip().split("\n"):
        if not raw.strip():
            if literal:
                out += [".fi", ".RE"]
                literal = False
            out.append(".PP")
            continue
        indented = raw.startswith(" ")
        if indented and not literal:
            out += [".RS 2", ".nf"]
            literal = True
        elif not indented and literal:
            out += [".fi", ".RE"]
            literal = False
        out.append(line(raw.strip() if not literal else raw[2:] if raw.startswith("  ") else raw.lstrip()))
    if literal:
        out += [".fi", ".RE"]
    return out


def option_label(argument):
    names = []
    for name in argument.get("names") or []:
        dashes = {"short": "-", "long": "--", "longWithSingleDash": "-"}[name["kind"]]
        names.append("\\fB" + escape(dashes + name["name"]) + "\\fR")
    value = escape(argument.get("valueName") or "value")
    if argument["kind"] == "positional":
        label = "\\fI" + value + "\\fR"
    elif argument["kind"] == "option":
        label = ", ".join(name + " \\fI" + value + "\\fR" for name in names)
    else:
        label = ", ".join(names)
    if argument.get("isRepeating"):
        label += " ..."
    return label


def synopsis(path, command):
    parts = ["\\fB" + escape(" ".join(path)) + "\\fR"]
    if any(sub.get("shouldDisplay", True) for sub in command.get("subcommands") or []):
        parts.append("\\fIcommand\\fR")
    for argument in visible_arguments(command):
        names = argument.get("names") or []
        if names:  # an option or flag: by its first name
            dashes = "-" if names[0]["kind"] != "long" else "--"
            text = "\\fB" + escape(dashes + names[0]["name"]) + "\\fR"
            if argument["kind"] == "option":
                text += " \\fI" + escape(argument.get("valueName") or "value") + "\\fR"
        else:
            text = "\\fI" + escape(argument.get("valueName") or "value") + "\\fR"
        if argument.get("isRepeating"):
            text += " ..."
        parts.append("[" + text + "]" if argument.get("isOptional") else text)
    return " ".join(parts)


SKIPPED_BELOW_ROOT = {"help", "version"}


def visible_arguments(command, root=False):
    arguments = []
    for argument in command.get("arguments") or []:
        if not argument.get("shouldDisplay", True):
            continue
        names = {name["name"] for name in argument.get("names") or []}
        # --help and --version are on every command; the page says so once, at the top.
        if not root and argument["kind"] == "flag" and names & SKIPPED_BELOW_ROOT:
            continue
        arguments.append(argument)
    return arguments


def argument_entries(command, root=False):
    out = []
    for argument in visible_arguments(command, root):
        out += [".TP", option_label(argument)]
        text = argument.get("abstract") or ""
        details = []
        if argument.get("allValues") and not all(value in text for value in argument["allValues"]):
            details.append("one of: " + ", ".join(argument["allValues"]))
        if argument.get("defaultValue") not in (None, ""):
            details.append("default: " + str(argument["defaultValue"]))
        if details:
            text = (text + " " if text else "") + "(" + "; ".join(details) + ")"
        out += paragraphs(text) if text else []
        if argument.get("discussion") and isinstance(argument["discussion"], str):
            out += [".IP"] + paragraphs(argument["discussion"])
    return out


def command_sections(path, command):
    out = [".SS \"" + escape(" ".join(path)).replace('"', '\\(dq') + "\"", synopsis(path, command), ".PP"]
    if command.get("abstract"):
        out += paragraphs(command["abstract"])
    if command.get("discussion"):
        out += [".PP"] + paragraphs(command["discussion"])
    subcommands = [sub for sub in command.get("subcommands") or [] if sub.get("shouldDisplay", True)]
    if subcommands:
        default = command.get("defaultSubcommand")
        out += [".PP", "Commands: " + escape(", ".join(sub["commandName"] for sub in subcommands))
                + (" (default: " + escape(default) + ")" if default else "") + "."]
    out += argument_entries(command)
    for sub in subcommands:
        out += command_sections(path + [sub["commandName"]], sub)
    return out


def main():
    if len(sys.argv) != 3 or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", sys.argv[2]):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(64)
    binary, date = sys.argv[1], sys.argv[2]
    try:
        dump = subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True).stdout
        version = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.strip()
        tree = json.loads(dump)
    except (OSError, subprocess.CalledProcessError, json.JSONDecodeError) as error:
        fail(f"{binary} did not print its command tree: {error}")
    if tree.get("serializationVersion") != 0:
        fail(f"unknown --experimental-dump-help version {tree.get('serializationVersion')} (this script reads 0)")
    root = tree["command"]
    name = root["commandName"]
    subcommands = [sub for sub in root.get("subcommands") or [] if sub.get("shouldDisplay", True)]
    page = [
        '.\\" Generated by Scripts/manpage.py from `' + name + ' --experimental-dump-help`: do not edit.',
        ".TH " + name.upper() + " 1 " + date + ' "' + escape(name + " " + version) + '" "FullAgency"',
        # Ragged right: Chinese runs have no spaces to stretch, and justified lines warn.
        ".ad l",
        ".SH NAME",
        escape(name) + " \\- " + escape(root.get("abstract") or ""),
        ".SH SYNOPSIS",
        "\\fB" + escape(name) + "\\fR \\fIcommand\\fR [\\fIoptions\\fR]",
        ".br",
        "\\fB" + escape(name) + "\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR",
        ".SH DESCRIPTION",
    ]
    page += paragraphs(root.get("discussion") or "")
    page += [".SH OPTIONS", "Every command takes \\fB\\-h\\fR, \\fB\\-\\-help\\fR (its help and an example)."]
    page += argument_entries(root, root=True)
    page += [".SH COMMANDS"]
    for sub in subcommands:
        page += [".TP", "\\fB" + escape(sub["commandName"]) + "\\fR"] + paragraphs(sub.get("abstract") or "")
    for sub in subcommands:
        page += command_sections([name, sub["commandName"]], sub)
    page += [
        ".SH FILES",
        ".TP",
        "\\fI./.agency\\fR",
        "The store when neither \\fB\\-\\-store\\fR nor \\fBAGENCY_STORE\\fR names one.",
        ".TP",
        "\\fI./Workflows\\fR",
        "The workflow files when neither \\fB\\-\\-workflows\\fR nor \\fBAGENCY_WORKFLOWS\\fR names them.",
        ".SH SEE ALSO",
        "The documentation in the repository's Docs/ folder: cli.md (every command, output and exit code), "
        "serving.md, operations.md, dsl\\-reference.md.",
    ]
    sys.stdout.write("\n".join(page) + "\n")


main()
