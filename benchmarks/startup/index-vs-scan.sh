#!/usr/bin/env bash
# Agent start-up on an application of 5,000 classes, 10 methods of which carry @Trace:
# with the processor's trace index (the agent matches those classes by name) against
# without it (the agent looks for @Trace in every class file it sees), and against no
# agent at all. Whole-JVM wall time, measured by hyperfine, all three in one run.
#
# Run from the repository root after `mvn -B package -DskipTests`:
#   bash benchmarks/startup/index-vs-scan.sh [RUNS]
set -euo pipefail
runs=${1:-10}
root=$(pwd)
agent=$root/agent/target/faultline-agent.jar
processor=$(ls "$root"/processor/target/faultline-processor-*.jar | grep -v sources | head -1)
[ -f "$agent" ] || { echo "no $agent: run mvn -B package -DskipTests first" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$work/src/bench
mkdir -p "$src"
# 5,000 classes of a few methods each; every 500th has one @Trace method
for i in $(seq 0 4999); do
  if (( i % 500 == 0 )); then ann='@dev.faultline.annotation.Trace(dump = "none")'; else ann=''; fi
  cat > "$src/C$i.java" <<JAVA
package bench;
public class C$i {
    private int state = $i;
    public int get() { return state; }
    public void set(int v) { state = v; }
    $ann public int work(int x) { return x * 31 + state; }
    @Override public String toString() { return "C$i" + state; }
}
JAVA
done
{
  echo 'package bench;'
  echo 'public class Main { public static void main(String[] a) throws Exception { long s = 0;'
  echo '  for (int i = 0; i < 5000; i++) { Object o = Class.forName("bench.C" + i).getDeclaredConstructor().newInstance();'
  echo '    s += (int) o.getClass().getMethod("work", int.class).invoke(o, 1); }'
  echo '  System.out.println("sum " + s); } }'
} > "$src/Main.java"
mkdir -p "$work/indexed" "$work/scanned"
javac -d "$work/indexed" -cp "$processor" -processorpath "$processor" "$src"/*.java
javac -d "$work/scanned" -cp "$processor" -proc:none "$src"/*.java
test -f "$work/indexed/META-INF/faultline/trace-index" || { echo "the processor wrote no index" >&2; exit 1; }
echo "indexed methods: $(grep -vc '^#' "$work/indexed/META-INF/faultline/trace-index")"
opts=sink=stderr,jfr=false
hyperfine -N -w 2 -r "$runs" --export-markdown "$work/result.md" \
  -n 'no agent' "java -cp $work/scanned bench.Main" \
  -n 'agent, index' "java -javaagent:$agent=$opts -cp $work/indexed bench.Main" \
  -n 'agent, scanning' "java -javaagent:$agent=$opts -cp $work/scanned bench.Main"
cat "$work/result.md"
