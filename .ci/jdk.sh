# Sourced by .ci/run and benchmarks/run.sh: pick_jdk WHO prints the home of the newest JDK (>= 25) among JAVA_HOME
# and the usual install folders, or says what is missing (prefixed by WHO) and fails.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }

pick_jdk() {
    local who="$1" best="" best_v=0 home v
    for home in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
        [ -n "$home" ] && [ -x "$home/bin/javac" ] || continue
        v=$(java_major "$home" 2>/dev/null || echo 0)
        if [ "${v:-0}" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
    done
    # Debian 12 packages no JDK 25, so there is nothing to apt-get: Temurin 25 must be installed (it is under
    # /usr/lib/jvm on the machines this runs on).
    [ "$best_v" -ge 25 ] || { echo "$who: no JDK >= 25 found (newest: ${best_v}); install Temurin 25 (Debian 12 has no JDK 25 package) or set JAVA_HOME" >&2; return 1; }
    echo "$best"
}
