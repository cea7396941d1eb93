import { handleLocalSignIn, handleLocalSignOut } from "@/lib/auth/local-auth-handlers";

export const POST = handleLocalSignIn;
export const DELETE = handleLocalSignOut;
