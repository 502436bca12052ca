#!/usr/bin/env bash
# Regenerates benchmarks/RESULTS.md: builds the jars when a source is newer than them, generates the benchmark models
# (cached in benchmarks/target/bench/models), then runs every scenario (about 17 minutes on 2 cores) and writes
# benchmarks/RESULTS.md with its figures in benchmarks/results.json.
#   benchmarks/run.sh               the full run
#   benchmarks/run.sh --quick       a smoke run of every scenario (a few minutes), into benchmarks/target/bench/quick/
#   benchmarks/run.sh --only proxy  one scenario again (here Helix in front of Helix, ~12 minutes); its figures replace
#                                   that scenario's in the page, which says so
#   benchmarks/run.sh --only engines  issue 15's comparison alone (~5 minutes on idle cores): Helix (engine ffm on the host-tuned
#                                   ~/.helix/native/cpu/current, or --install DIR) against that install's bin/llama-server,
#                                   and engine ffm against the binding on the jar's library; a markdown table of ratios
#                                   and pass/miss is printed, and its figures replace the page's for that scenario.
#                                   On shared cores add OMP_WAIT_POLICY=passive (every side inherits it; the page says
#                                   so): llama.cpp's OpenMP threads otherwise spin at each barrier and the load decides
#   benchmarks/run.sh --help        the other options (--skip, --threads, --context, --parallel, --install, --out, --render)
#   benchmarks/run.sh soak          the soak apart (not CI, ~12 minutes): 50 clients, disconnects, a runner killed
#                                   and one stopped every minute; writes its own section of RESULTS.md
#                                   (benchmarks/run.sh soak --help for its options)
# Needs a JDK >= 25 (found as .ci/run finds it: JAVA_HOME, else the newest under /usr/lib/jvm and the like) and
# Maven; BENCH_MAVEN_ARGS=-o builds offline.
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/jdk.sh
JAVA_HOME="$(pick_jdk bench)"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ ! -f server/target/helix.jar ] \
        || [ -n "$(find api protocol providers runtime router server benchmarks pom.xml \( -name '*.java' -o -name pom.xml -o -name '*.properties' \) \
                     -newer "$jar" -not -path '*/target/*' -print -quit)" ]; then
    echo "building the jars..."
    mvn -B -q -ntp ${BENCH_MAVEN_ARGS:-} -pl benchmarks -am package -DskipTests
fi

if [ "${1:-}" = soak ]; then
    shift
    exec java --enable-native-access=ALL-UNNAMED -cp "$jar" dev.helix.benchmarks.suite.Soak "$@"
fi
exec java --enable-native-access=ALL-UNNAMED -cp "$jar" dev.helix.benchmarks.suite.Suite "$@"
