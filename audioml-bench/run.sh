#!/bin/sh
# Builds the JMH benchmark jar (if missing, or BUILD=1) and runs the whole suite with the GC profiler, saving the
# results as JSON in audioml-bench/target/jmh-results.json (about 8 minutes). Extra arguments go to JMH, e.g.
#   audioml-bench/run.sh StreamingFeatures -p config=LOGMEL_16K_512_160_64
set -eu
cd "$(dirname "$0")/.."
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=audioml-bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ "${BUILD:-0}" = 1 ]; then
    ./mvnw -q -B -pl audioml-bench -am package -DskipTests
fi
exec "$java" -jar "$jar" -prof gc -rf json -rff audioml-bench/target/jmh-results.json "$@"
