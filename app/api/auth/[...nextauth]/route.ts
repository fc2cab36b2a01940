import type { NextRequest } from "next/server";
import { apiError } from "@/lib/api/respond";
import { handlers } from "@/lib/auth/auth";
import { isTeamMode } from "@/lib/env";

// Auth.js's own routes (sign-in, callbacks, sign-out); in local mode there is nobody to sign in.
const localMode = () => apiError(404, "not_found", "Sign-in is off: this instance runs in local mode (see README, Team mode)");

export const GET = (request: NextRequest) => (isTeamMode() ? handlers.GET(request) : localMode());
export const POST = (request: NextRequest) => (isTeamMode() ? handlers.POST(request) : localMode());
