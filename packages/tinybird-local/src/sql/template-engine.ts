// The only door to the template engine (src/template), so the rest of the server sees one interface.
export { renderSqlTemplate as renderTemplate, templateVariables, TemplateError } from "../template/index";
