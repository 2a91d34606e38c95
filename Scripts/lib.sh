# Shared by the Scripts/: make sure the system packages FullAgency builds on are present.
# Sourced, not run.

# Installs liblua5.4-dev with apt-get when pkg-config cannot find lua5.4, and says so.
ensure_lua() {
    if pkg-config --exists lua5.4 2>/dev/null; then
        return 0
    fi
    echo "FullAgency needs Lua 5.4 (liblua5.4-dev); installing it with apt-get..." >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        else
            echo "error: not root and no sudo: install liblua5.4-dev and pkg-config by hand" >&2
            exit 1
        fi
    fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq liblua5.4-dev pkg-config >&2
    pkg-config --exists lua5.4 || { echo "error: lua5.4 still not found by pkg-config" >&2; exit 1; }
    echo "liblua5.4-dev installed." >&2
}

# Builds the agency binary (debug) and prints its path.
build_agency() {
    swift build --product agency >&2
    echo "$(swift build --show-bin-path)/agency"
}

# Installs Debian packages (named as arguments) that are missing, as root or with sudo.
ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing ${missing[*]} with apt-get..." >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

# The version this checkout's agency reports (`agency --version`), read from its source.
checkout_version() {
    sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/AgencyCLI/Support/AgencyVersion.swift
}

# A digest of what the agency binary is built from (Package.swift and every file under
# Sources/), so that an installed binary can be matched to a checkout although the version
# string does not change from commit to commit. Run from the repository's root.
source_fingerprint() {
    find Package.swift Sources -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum \
        | sha256sum | cut -c1-16
}

# Succeeds when BINARY exists and no source it is built from (Package.swift, Sources/)
# was changed after it: a build of this checkout as it is now.
built_from_current_sources() {
    local binary="$1"
    [ -x "$binary" ] || return 1
    [ -z "$(find Package.swift Sources -newer "$binary" -print -quit)" ]
}
