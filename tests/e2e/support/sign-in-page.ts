import type { Page } from "@playwright/test";

/** /sign-in in local mode: the demo directory. */
export class SignInPage {
  constructor(private readonly page: Page) {}

  async signInAs(userId: string): Promise<void> {
    await this.page.goto("/sign-in");
    await this.page.getByTestId(`sign-in-as-${userId}`).click();
    await this.page.waitForURL("**/dashboard");
  }
}
