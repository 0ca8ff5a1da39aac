// Starts Swagger UI on /docs from the OpenAPI document (no inline script: see the CSP).
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
