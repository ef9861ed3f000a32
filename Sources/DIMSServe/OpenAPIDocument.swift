/// `/api/openapi.json`: the JSON API described in OpenAPI 3.0 (checked by openapi-spec-validator in the tests).
enum OpenAPIDocument {
    static let text = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "dims serve",
    "version": "1",
    "description": "Answers from a project's event log, read-only: no GET measures, moves a baseline or decides an approval. The POST endpoints exist only when the server was started with --allow-write (else 405), and each needs 'Authorization: Bearer TOKEN' (the cookie is not enough), 'Content-Type: application/json', and no Origin or Sec-Fetch-Site naming another site. Times are YYYY-MM-DD (the end of that day), ISO 8601, or relative ages (7d, 2w, 3m). When the server has a token, every request carries 'Authorization: Bearer TOKEN' or the cookie set by '/?token=TOKEN'."
  },
  "servers": [{"url": "/"}],
  "components": {
    "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
    "parameters": {
      "metric": {"name": "metric", "in": "path", "required": true, "description": "The metric's full path (category.name), percent-encoded.", "schema": {"type": "string"}}
    },
    "schemas": {
      "Value": {"description": "A typed metric value.", "nullable": true, "oneOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}, {"type": "boolean"}]},
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
      "Report": {
        "type": "object",
        "description": "What 'dims verify --json' reports (without 'updated' and 'awaiting_approval'), from the projections: the same document as 'dims generate --format json'.",
        "required": ["generated", "root", "summary", "metrics", "pending_approvals", "recommendations"],
        "properties": {
          "generated": {"type": "string", "format": "date-time"},
          "root": {"type": "string"},
          "summary": {"type": "object", "properties": {"total": {"type": "integer"}, "ok": {"type": "integer"}, "drifted": {"type": "integer"}, "errors": {"type": "integer"}, "new": {"type": "integer"}}},
          "metrics": {"type": "array", "items": {"$ref": "#/components/schemas/MetricRow"}},
          "pending_approvals": {"type": "array", "description": "The requests awaiting a decision at the report's time, oldest first.", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "metric": {"type": "string"}, "baseline": {"$ref": "#/components/schemas/Value"}, "requested": {"$ref": "#/components/schemas/Value"},
            "change": {"type": "string"}, "trigger": {"type": "string"}, "run": {"type": "string"}, "asked_by": {"type": "string"}, "asked_at": {"type": "string", "format": "date-time"}}}},
          "recommendations": {"type": "array", "description": "What 'dims recommend' suggests from the same rows (90 days of daily values).", "items": {"type": "object", "properties": {
            "rule": {"type": "string"}, "metrics": {"type": "array", "items": {"type": "string"}}, "message": {"type": "string"},
            "evidence": {"type": "object", "additionalProperties": {"type": "number"}}}}}
        }
      },
      "CommandAnswer": {"type": "object", "description": "The --json answer of the command that did the write, byte for byte: 'dims approve accept|reject' ({id, metric, decision, reviewer, notes, applied, baseline}), 'dims update' (the report with 'updated' and 'awaiting_approval'), or {\"error\": {message, status, file}} with the command's exit status."},
      "MetricRow": {
        "type": "object",
        "properties": {
          "path": {"type": "string"}, "category": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
          "volatility": {"type": "string", "enum": ["stable", "volatile"]},
          "value": {"$ref": "#/components/schemas/Value"}, "value_type": {"type": "string", "nullable": true},
          "measured": {"type": "string", "format": "date-time", "nullable": true},
          "baseline": {"$ref": "#/components/schemas/Value"}, "baseline_set": {"type": "string", "format": "date-time", "nullable": true},
          "status": {"type": "string", "enum": ["ok", "drifted", "changed", "new", "error"]},
          "level": {"type": "string", "enum": ["ok", "minor", "moderate", "major", "critical"]},
          "severity": {"type": "string", "enum": ["none", "low", "medium", "high", "critical"]},
          "delta": {"type": "number", "nullable": true}, "percent": {"type": "number", "nullable": true},
          "error": {"type": "string", "nullable": true},
          "series": {"type": "array", "items": {"type": "object", "properties": {"time": {"type": "string", "format": "date-time"}, "value": {"$ref": "#/components/schemas/Value"}}}}
        }
      }
    }
  },
  "security": [{}, {"token": []}],
  "paths": {
    "/api/overview": {
      "get": {
        "summary": "Every metric's state as 'verify' would show it, as of now or as of 'at'",
        "parameters": [{"name": "at", "in": "query", "required": false, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
          "400": {"description": "A bad time", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/status": {
      "get": {
        "summary": "The log's span and last seq, and the metrics of the config",
        "responses": {"200": {"description": "Status", "content": {"application/json": {"schema": {"type": "object", "properties": {
          "now": {"type": "string"}, "last_seq": {"type": "integer"}, "first_observed": {"type": "string", "nullable": true},
          "last_observed": {"type": "string", "nullable": true}, "metrics": {"type": "array", "items": {"type": "string"}},
          "writable": {"type": "boolean", "description": "Whether the POST endpoints exist (--allow-write)."}}}}}}}
      }
    },
    "/api/alerts": {
      "get": {
        "summary": "The alerts open as of now or as of 'at': per channel and metric, the last alert queued, unless it was a resolve",
        "parameters": [{"name": "at", "in": "query", "required": false, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "Open alerts", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "at": {"type": "string", "nullable": true},
            "open": {"type": "array", "items": {"type": "object", "properties": {
              "channel": {"type": "string"}, "metric": {"type": "string"}, "kind": {"type": "string", "enum": ["firing", "reminder"]},
              "level": {"type": "string", "enum": ["moderate", "major", "critical", "error"]}, "value": {"$ref": "#/components/schemas/Value"},
              "baseline": {"$ref": "#/components/schemas/Value"}, "text": {"type": "string"},
              "queued": {"type": "string", "format": "date-time"}, "since": {"type": "string", "format": "date-time"}}}}}}}}},
          "400": {"description": "A bad time", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/approvals/{id}/{decision}": {
      "post": {
        "summary": "Accept or reject an approval request: 'dims approve accept|reject --id ID --reviewer R --notes N [--no-auto-apply] --json' (--allow-write only)",
        "security": [{"token": []}],
        "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
          {"name": "decision", "in": "path", "required": true, "schema": {"type": "string", "enum": ["accept", "reject"]}}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["reviewer"], "properties": {
          "reviewer": {"type": "string"}, "notes": {"type": "string"}, "apply": {"type": "boolean", "description": "accept only; false is --no-auto-apply"}}}}}},
        "responses": {
          "200": {"description": "Decided", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommandAnswer"}}}},
          "401": {"description": "No token in the Authorization header"},
          "403": {"description": "From another site (Origin, Sec-Fetch-Site), or the project is not trusted (exit 6)"},
          "405": {"description": "The server is read-only (no --allow-write)"},
          "415": {"description": "The body is not JSON"},
          "422": {"description": "Unknown, already decided or stale request (exit 2)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommandAnswer"}}}}
        }
      }
    },
    "/api/baselines/{metric}": {
      "post": {
        "summary": "Measure the metric now and move its baseline to the value, or ask for approval: 'dims update --metric METRIC --json' (--allow-write only)",
        "security": [{"token": []}],
        "parameters": [{"$ref": "#/components/parameters/metric"}],
        "requestBody": {"required": false, "content": {"application/json": {"schema": {"type": "object"}}}},
        "responses": {
          "200": {"description": "Measured, baseline moved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommandAnswer"}}}},
          "202": {"description": "Measured; the move awaits approval (exit 5)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommandAnswer"}}}},
          "401": {"description": "No token in the Authorization header"},
          "403": {"description": "From another site, or the project is not trusted (exit 6)"},
          "405": {"description": "The server is read-only (no --allow-write)"},
          "422": {"description": "Unknown metric, or the measurement failed (exit 2)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommandAnswer"}}}}
        }
      }
    },
    "/api/history/{metric}": {
      "get": {
        "summary": "The metric's last value of each day, as 'dims history METRIC --json' prints it",
        "parameters": [{"$ref": "#/components/parameters/metric"}, {"name": "since", "in": "query", "required": false, "description": "Default: 30 days ago.", "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "Daily points", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "metric": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"},
            "points": {"type": "array", "items": {"type": "object", "properties": {"date": {"type": "string"}, "time": {"type": "string"}, "value": {"$ref": "#/components/schemas/Value"}}}}}}}}},
          "400": {"description": "A bad time", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "404": {"description": "Unknown metric", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/audit/{metric}": {
      "get": {
        "summary": "Every event of the metric and the moments that matter, as 'dims audit METRIC --json' prints them",
        "parameters": [{"$ref": "#/components/parameters/metric"}],
        "responses": {
          "200": {"description": "The timeline", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "metric": {"type": "string"},
            "events": {"type": "array", "items": {"type": "object", "properties": {"seq": {"type": "integer"}, "observed": {"type": "string"}, "recorded": {"type": "string"}, "actor": {"type": "string"}, "kind": {"type": "string"}, "text": {"type": "string"}}}},
            "moments": {"type": "array", "items": {"type": "object", "properties": {"time": {"type": "string"}, "seq": {"type": "integer"}, "text": {"type": "string"}}}}}}}}},
          "404": {"description": "Unknown metric", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/diff": {
      "get": {
        "summary": "Every metric then and now: byte for byte what 'dims diff --since SINCE --until UNTIL --json' prints",
        "parameters": [{"name": "since", "in": "query", "required": true, "schema": {"type": "string"}}, {"name": "until", "in": "query", "required": false, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The diff", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "since": {"type": "string"}, "until": {"type": "string"},
            "metrics": {"type": "array", "items": {"type": "object", "properties": {"metric": {"type": "string"}, "then": {"$ref": "#/components/schemas/Value"}, "now": {"$ref": "#/components/schemas/Value"}, "change": {"type": "number"}, "percent": {"type": "number"}}}}}}}}},
          "400": {"description": "A bad time, or since after until", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/events": {
      "get": {
        "summary": "Server-Sent Events: 'appended' with {\"last_seq\": N} whenever the log grows",
        "responses": {"200": {"description": "An event stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}}}
      }
    },
    "/api/csp-reports": {
      "get": {
        "summary": "How many Content-Security-Policy violations browsers reported since the server started",
        "responses": {"200": {"description": "The count", "content": {"application/json": {"schema": {"type": "object", "properties": {"count": {"type": "integer"}}}}}}}
      }
    },
    "/api/openapi.json": {
      "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.0", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus text exposition: value, baseline, drift %, level, error and last measured time per metric; events by kind",
        "responses": {"200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}}
      }
    }
  }
}

"""#
}
