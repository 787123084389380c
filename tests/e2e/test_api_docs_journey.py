"""The API's docs page works in a real browser under the site's content security policy."""


def test_swagger_ui_renders_under_the_content_security_policy(browser, live_server, db):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    refused, elsewhere = [], []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.on("request", lambda request: request.url.startswith(("http://", "https://"))
            and not request.url.startswith(live_server.url) and elsewhere.append(request.url))
    page.goto("/api/v1/docs")
    # Swagger UI draws the operations with its scripts: seeing one proves they ran.
    page.get_by_text("/api/v1/partnerships/{partnership_id}/notes").first.wait_for(timeout=15_000)
    assert refused == [] and elsewhere == []
    context.close()
