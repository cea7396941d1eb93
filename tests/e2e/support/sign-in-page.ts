import { expect, type Page } from "@playwright/test";

/** /sign-in in local mode: the demo directory. */
export class SignInPage {
  constructor(private readonly page: Page) {}

  async signInAs(userId: string): Promise<void> {
    await this.page.goto("/sign-in");
    await this.page.getByTestId(`sign-in-as-${userId}`).click();
    await this.page.waitForURL("**/dashboard");
  }

  /** Signs in through the local-auth API (the page's cookie jar), without loading the sign-in page. */
  async signInWithApi(userId: string, orgSlug?: string): Promise<void> {
    const response = await this.page.request.post("/api/local-auth/session", {
      data: { userId, ...(orgSlug && { orgSlug }) },
    });
    expect(response.status(), await response.text()).toBe(200);
  }
}
