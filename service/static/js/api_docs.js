// The API documentation page: the vendored Swagger UI over the service's own OpenAPI document.
// A file of its own because the page's CSP runs no inline script.
const root = document.getElementById("swagger-ui");
window.SwaggerUIBundle({
  url: root.dataset.specUrl,
  domNode: root,
  presets: [window.SwaggerUIBundle.presets.apis],
  deepLinking: true,
  // The default validator badge would send the document to an outside service.
  validatorUrl: null,
});
