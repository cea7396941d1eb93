import { expect, type Locator, type Page } from "@playwright/test";

/** The signed-in area: header (org switcher, user menu, tabs) and the token states every tab can show. */
export class DashboardPage {
  readonly orgSwitcher: Locator;
  readonly userName: Locator;
  readonly chooseOrganization: Locator;
  readonly unavailable: Locator;
  readonly tokenPanel: Locator;
  readonly claimOrg: Locator;
  readonly claimUser: Locator;
  readonly claimName: Locator;

  constructor(private readonly page: Page) {
    this.orgSwitcher = page.getByTestId("org-switcher");
    this.userName = page.getByTestId("user-name");
    this.chooseOrganization = page.getByTestId("token-state-no-org");
    this.unavailable = page.getByTestId("token-state-unavailable");
    this.tokenPanel = page.getByTestId("token-panel");
    this.claimOrg = page.getByTestId("token-claim-org");
    this.claimUser = page.getByTestId("token-claim-user");
    this.claimName = page.getByTestId("token-claim-name");
  }

  async openDeveloperTab(): Promise<void> {
    await this.page.getByRole("link", { name: "Developer" }).click();
    await this.page.waitForURL("**/dashboard/developer");
  }

  async switchOrg(slug: string): Promise<void> {
    await this.orgSwitcher.selectOption(slug);
    await expect(this.orgSwitcher).toHaveValue(slug);
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId("sign-out").click();
    await this.page.waitForURL((url) => url.pathname === "/");
  }
}
