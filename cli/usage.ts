/** The help texts. Kept next to each other so the command line reads as one tool. */

export const USAGE = `meeting-payloads: validate, import and send request files (*.meeting.json) for the Webex Meetings,
Webex Calling and Huawei Cloud Meeting REST APIs.

Usage:
  meeting-payloads validate [options] <files, directories or globs...>
  meeting-payloads check-examples [options] <OpenAPI files...>
  meeting-payloads check-response --operation <id> --status <code> [options] <body file or ->
  meeting-payloads check-docs [options] <Markdown, MDX or HTML files, directories or globs...>
  meeting-payloads import-curl [options] [curl command]    (or the command on standard input)
  meeting-payloads send <file> (--env <name> | --base-url <url>) [options]
  meeting-payloads diff <file> (--env <name> | --base-url <url>) [options]
  meeting-payloads token <scheme> (--env <name> | --base-url <url>) [options]
  meeting-payloads lsp --stdio
  meeting-payloads help [command]
  meeting-payloads --version

Exit codes: 0 valid or succeeded; 1 invalid, failed or refused; 2 usage or I/O error.
Run "meeting-payloads help <command>" for a command's options.
`;

const FORMAT_OPTION = `  -f, --format <text|json|sarif|junit|github>
                            text: file:line:col: severity: message [code] (default); json: every file with
                            its problems; sarif: SARIF 2.1.0 for code scanning; junit: JUnit XML, one test
                            case per checked item; github: GitHub Actions annotations on the exact lines`;

const CATALOG_OPTION = `  --catalog <name=path>     also load a user catalog: an OpenAPI 3.0 or 3.1 file (JSON or YAML)
                            whose operations become "<name>.<operationId>" (repeatable)`;

export const COMMAND_USAGE: Record<string, string> = {
  validate: `Usage: meeting-payloads validate [options] <files, directories or globs...>

Checks request files with the language server's own validation. A directory means every *.meeting.json
below it; globs (quote them) support *, **, ?, [abc] and {a,b}; node_modules and .git are skipped.

Options:
${FORMAT_OPTION}
  --strict                  warnings count as errors
  --unknown-fields <error|warning|off>
                            how to report body properties the schema does not document (default warning)
${CATALOG_OPTION}
  -j, --jobs <n>            threads that check files, 1 to 16 (default: from 20,000 files on, one per core
                            up to 4 unless the machine is busy; else 1, with a thread reading ahead from
                            256 files on; --jobs 1: no other thread); the output is the same, in the same
                            order

Exit codes: 0 no errors; 1 errors (or warnings with --strict); 2 usage error, or a file that cannot be read.
`,
  'check-examples': `Usage: meeting-payloads check-examples [options] <OpenAPI files...>

Validates every example of an OpenAPI 3.0 or 3.1 document (JSON or YAML) against its schema: request and
response bodies and headers (example, examples), parameters, and example/examples inside schemas. OpenAPI 3.0
schemas are converted to JSON Schema first (nullable, exclusiveMinimum/Maximum, formats); $refs are resolved.

Options:
${FORMAT_OPTION}
                            (text: <operation> <example>: <path in the example>: message; json: every
                            failure with its JSON pointer and the paths inside it; junit: a case per example)

Exit codes: 0 every example is valid; 1 some are not; 2 usage error or a document that cannot be read.
`,
  'check-docs': `Usage: meeting-payloads check-docs [options] <Markdown, MDX or HTML files, directories or globs...>

Checks the request and response examples of docs pages against the catalog: fenced code blocks (Markdown,
MDX) and <pre> blocks (HTML pages, HTML inside Markdown). A JSON block is tied to an operation by
  - an attribute: \`\`\`json operation=huawei.meeting.updateMemberVmr (in HTML: <pre data-operation="…">);
  - being a whole request file (an object with "operation");
  - the nearest request line above it in its section (PUT /v1/…, a URL, or a heading naming a path).
A block with status=200 (data-status) is a response example, checked like check-response; any other tied
JSON block is a request body. bash/sh blocks starting with curl go through the cURL importer (method,
credentials written in the page, body). Problems are reported at their line and column in the page, with the
operation and the JSON path. Blocks that cannot be tied are listed as warnings.
A directory means every .md, .mdx, .markdown, .html and .htm file below it.

Options:
${FORMAT_OPTION}
  --strict                  warnings (untied blocks included) count as errors
${CATALOG_OPTION}

Exit codes: 0 no errors; 1 errors (or warnings with --strict); 2 usage error or a page that cannot be read.
`,
  'check-response': `Usage: meeting-payloads check-response --operation <id> --status <code> [options] <body file or ->

Compares a captured response body (a file, or - for standard input) with the schema the operation documents
for that status, as the response panel does: required members missing, members of another type, members the
schema does not document. A status without documentation, a body where none is documented (or none where one
is) and a body that is not JSON count as differences too.

Options:
  --operation <id>          the operation the response answers, e.g. huawei.meeting.updateMemberVmr
  --status <code>           its HTTP status (100 to 599)
${FORMAT_OPTION}
${CATALOG_OPTION}

Exit codes: 0 the body matches the documentation; 1 it differs; 2 usage error or a body that cannot be read.
`,
  'import-curl': `Usage: meeting-payloads import-curl [options] [curl command]

Turns a cURL command (as an argument, or on standard input) into a request file: the operation is found by
method and URL, the query, headers and body are split out, and the result is validated. Bash and Windows cmd
quoting are understood (browsers' "Copy as cURL"). Credentials (Authorization, X-Access-Token, cookies, -u...)
are dropped and named, never copied; transport options (-k, -L, --proxy...) are ignored. Nothing is read
from disk: -d @file is refused.

Options:
  -o, --output <file>       write the request file there instead of standard output
  --name <name>             write <name>.meeting.json in the current directory
  --force                   overwrite an existing output file
  --operation <id>          use this operation instead of matching method and URL
${CATALOG_OPTION}

Notes and validation problems go to standard error.
Exit codes: 0 imported and valid; 1 imported with errors, or not importable; 2 usage or I/O error.
`,
  send: `Usage: meeting-payloads send <file> (--env <name> | --base-url <url>) [options]

Sends the request a file describes, exactly as the extension does: the file is validated first (an invalid
file is not sent unless --force), credentials never come from the file, redirects are never followed, TLS
certificates are always verified. Prints the status line and headers, a blank line and the body on standard
output; what was sent (token masked) goes to standard error.

Where it goes:
  --env production          the operation's first documented server (default base URLs)
  --env production-intl     the international server where one is documented (Huawei), else production
  --env mock                the local mock, http://127.0.0.1:4010 plus the production base path
  --base-url <url>          any http(s) base URL

The token comes from an environment variable, never from an argument or the file:
  WEBEX_TOKEN               Webex access token (Authorization: Bearer)
  HUAWEI_ACCESS_TOKEN       Huawei Cloud Meeting access token (X-Access-Token)
  HUAWEI_CONFERENCE_TOKEN   Huawei meeting control token (X-Conference-Authorization)
  MEETING_PAYLOADS_TOKEN_<SCHEME>  for another security scheme (name upper-cased, - and . as _)
  MEETING_PAYLOADS_TOKEN    for any operation, when no scheme-specific variable is set
or is obtained by a sign-in flow from its credentials in the environment (see "meeting-payloads help token"):
when no token variable is set, the flow's token is used; when one is set and the server refuses it (401, or
Huawei's USG.000000004), a new one is obtained and the request sent once more.
It is sent only to the origins bound to it: those where --env production and production-intl send the built-in
operations of its scheme, and those named with --token-origin or MEETING_PAYLOADS_TOKEN_ORIGIN (comma-separated),
e.g. http://127.0.0.1:4010 for a mock that checks tokens. A user catalog's servers never count, whatever it names
its schemes. To any other origin the request goes without it.
Proxies: https_proxy, http_proxy, no_proxy.

Options:
  --force                   send even when the file has validation errors
  --connect-timeout <ms>    (default 10000)
  --headers-timeout <ms>    time to the response headers (default 30000)
  --timeout <ms>            the whole request (default 60000)
  --max-response-bytes <n>  the largest body kept (default 10485760)
  --retry                   retry after 429, 423 or 503 as Retry-After says (at most 2 attempts, 30 s)
  --cacert <file>           also trust this CA certificate (PEM)
  --token-origin <origin>   also send the token to this origin, e.g. https://api.example.com (repeatable)
  --check-response          compare the response with the documented schema for its status (as
                            check-response does); a difference fails the command
  -f, --format <text|json>  json: the whole outcome as JSON (token masked)
${CATALOG_OPTION}

Exit codes: 0 a 2xx response (that matches the documentation, with --check-response); 1 another status, a
difference from the documentation, a network error, or a refused request; 2 usage or I/O error.
`,
  diff: `Usage: meeting-payloads diff <file> (--env <name> | --base-url <url>) [options]

Shows what the PUT a file describes would change, without sending it: sends the vendor's documented read of
the same resource (the catalog's x-read: the GET on the same path for Webex, the room list or the meeting
details for Huawei) and compares the current state with the body. Prints the changes, removals and resets first
("2 member(s) lose their line: …"), the fields the read returns that the PUT does not take, and the fields
the read does not return (not compared). Secret values (PINs, passwords) are never printed.
The read goes exactly as send sends: same environments, token variables and sign-in flows, the token only to
the origins bound to it, redirects never followed, TLS certificates always verified.
An operation without a documented read (huawei.meeting.updateStartedConfConfig) says why, and exits 1.

Options:
  --env, --base-url, --connect-timeout, --headers-timeout, --timeout, --max-response-bytes, --cacert,
  --token-origin, --force (compare a file with validation errors): as for send
  -f, --format <text|json>  json: { destructive, summary, changes, dropped, notCompared } (secrets masked)
${CATALOG_OPTION}

Exit codes: 0 nothing would be removed or reset; 1 something would be removed or reset, or it cannot be told
(no documented read, the read failed or did not find the resource, an invalid file); 2 usage or I/O error.
`,
  token: `Usage: meeting-payloads token <scheme> (--env <name> | --base-url <url>) [options]

Obtains a token with a sign-in flow whose credentials are in the environment, or checks the token variable
already set, and prints its scheme, origin and when it expires. Never the token itself, unless --print.
Schemes: webexBearer (webex), huaweiAccessToken (huawei), huaweiConferenceAuthorization (huawei-control).

Credentials come from environment variables only, never from an argument:
  webexBearer               WEBEX_CLIENT_ID, WEBEX_CLIENT_SECRET, WEBEX_REFRESH_TOKEN: the integration's
                            refresh; else WEBEX_TOKEN, whose expiry Webex is asked for; with --device,
                            WEBEX_CLIENT_ID and WEBEX_CLIENT_SECRET: a sign-in with the device grant
  huaweiAccessToken         HUAWEI_APP_ID, HUAWEI_APP_KEY (optional HUAWEI_USER_ID, HUAWEI_CORP_ID): App ID
                            sign-in, signed here; or HUAWEI_ACCOUNT, HUAWEI_PASSWORD; else HUAWEI_ACCESS_TOKEN
                            (not checked: Huawei has no call that tells its end)
  huaweiConferenceAuthorization
                            HUAWEI_HOST_PASSWORD with --conference-id; else HUAWEI_CONFERENCE_TOKEN, kept
                            alive when --conference-id is given
The token endpoint is on the environment's origin, and credentials go only where the scheme's tokens may go:
the built-in production origins, and those named with --token-origin or MEETING_PAYLOADS_TOKEN_ORIGIN.

Options:
  --env <name>              production, production-intl or mock (the mock needs --token-origin
                            http://127.0.0.1:4010)
  --base-url <url>          the API's base URL instead (e.g. a local stand-in)
  --conference-id <id>      the meeting a control token is for (huaweiConferenceAuthorization)
  --device                  webexBearer: sign in with the device grant; the code and link go to standard
                            error, polling waits for approval in a browser (Ctrl+C cancels); nothing is stored
  --token-origin <origin>   also allow this origin (repeatable)
  --print                   also print the token, only when standard output is a terminal and not CI (a
                            pipe, a file or a build log would keep it); refused otherwise
  --cacert <file>           also trust this CA certificate (PEM)
  -f, --format <text|json>  json: scheme, origin, expiresAt, expiresInSeconds… (the token only with --print)

Exit codes: 0 a token was obtained or checked; 1 the flow failed or was refused; 2 usage error, no credentials,
or --print without a terminal.
`,
  lsp: `Usage: meeting-payloads lsp --stdio

Runs the language server on standard input and output, for editors other than VS Code. Settings come
through workspace/configuration (section "meetingPayloads") or initializationOptions.settings.
`,
};
