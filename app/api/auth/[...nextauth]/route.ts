import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { handlers } from "@/lib/auth/auth";
import { isTeamMode } from "@/lib/env";

// Auth.js's own routes (sign-in, callbacks, sign-out); in local mode there is nobody to sign in.
const localMode = () => new AppError("not_found:api", "Sign-in is off: this instance runs in local mode (see README, Team mode)").toResponse();

export const GET = (request: NextRequest) => (isTeamMode() ? handlers.GET(request) : localMode());
export const POST = (request: NextRequest) => (isTeamMode() ? handlers.POST(request) : localMode());
