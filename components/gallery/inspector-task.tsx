import type { InspectorTask as Task } from "@/lib/jobs/inspector";
import { ExchangeView, RequestView } from "./http-views";
import { TaskSnippets } from "./task-snippets";

const subTitle = "text-[11px] font-semibold tracking-wide text-zinc-500 uppercase";

/** One host task: the request as the host received it, ready-to-run snippets, and every exchange. */
export function InspectorTaskView({
  task,
  keyEnvVar,
  defaultOpen,
  madeThisImage,
}: {
  task: Task;
  keyEnvVar: string;
  defaultOpen: boolean;
  madeThisImage: boolean;
}) {
  return (
    <details open={defaultOpen} data-testid="inspector-task" data-task-index={task.index} className="rounded-md border border-zinc-800 bg-zinc-900/40">
      <summary className="px-2 py-1.5 text-xs text-zinc-300 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-amber-400">
        Task {task.index + 1} · {task.imageCount} image{task.imageCount === 1 ? "" : "s"} · {task.status}
        {madeThisImage ? <span className="text-amber-300/90"> · this image</span> : null}
      </summary>
      <div className="space-y-3 border-t border-zinc-800 p-2">
        {task.hostTaskId ? (
          <p className="text-[11px] text-zinc-500">
            Host task id <code className="font-mono break-all text-zinc-300">{task.hostTaskId}</code>
          </p>
        ) : null}

        <div className="space-y-1">
          <h4 className={subTitle}>Request as the host received it</h4>
          {task.request ? (
            <RequestView request={task.request} testId="inspector-request" />
          ) : (
            <p className="text-xs text-zinc-500">Not sent yet: nothing was recorded for this task.</p>
          )}
        </div>

        {task.curl && task.fetch ? <TaskSnippets curl={task.curl} fetch={task.fetch} keyEnvVar={keyEnvVar} /> : null}

        <div className="space-y-1">
          <h4 className={subTitle}>Exchanges ({task.exchanges.length})</h4>
          {task.exchanges.length ? (
            <ol className="space-y-1.5">
              {task.exchanges.map((exchange, i) => (
                <ExchangeView key={`${exchange.at}-${i}`} exchange={exchange} />
              ))}
            </ol>
          ) : (
            <p className="text-xs text-zinc-500">None recorded.</p>
          )}
        </div>
      </div>
    </details>
  );
}
