import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startFlags } from "../../scripts/start-flags.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Every line printed on stdout so far. */
  lines: string[];
  staffUrl: string;
  /** The one-time setup link printed when no admin exists yet (DEMO=0 on an empty database), or "". */
  setupUrl: string;
  surveyUrls: string[];
  /** SIGTERM, then wait for the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

/**
 * Runs the real entry point (what `npm start` runs after its build step) in a
 * child process and waits for its start-up lines.
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...startFlags(), "--import", "tsx", "api/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start-up lines within ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      lines.push(line);
      // The start-up block ends with the survey links; give it a moment to print them all.
      if (line.startsWith("staff: ")) setTimeout(() => (clearTimeout(timer), resolve()), 300);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before start-up:\n${stderr}`));
    });
  });
  await ready;
  let stopping = false;
  // A server that dies mid-test would otherwise show only as refused connections.
  void exited.then((code) => {
    if (!stopping) process.stderr.write(`server process exited with ${code}:\n${stderr}\n`);
  });
  const staff = lines.find((l) => l.startsWith("staff: "));
  const setup = lines.find((l) => l.startsWith("setup: "));
  return {
    child,
    lines,
    staffUrl: staff ? staff.slice("staff: ".length).trim() : "",
    setupUrl: setup ? setup.slice("setup: ".length).trim() : "",
    surveyUrls: lines
      .filter((l) => l.startsWith("survey: "))
      .map((l) => l.slice("survey: ".length).split(/\s+/)[0] as string),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      stopping = true;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
