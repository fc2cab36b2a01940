import { Fragment } from "react";
import { identifierParts } from "./host-facts";

/** A field name that wraps only after `_`, `.`, `/` or `-`: "safety_tolerance", not "safety_tole rance". */
export function Identifier({ name, className = "" }: { name: string; className?: string }) {
  return (
    <code className={`font-mono break-normal ${className}`}>
      {identifierParts(name).map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </code>
  );
}
