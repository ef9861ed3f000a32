/// `/api/openapi.json`: the JSON API described in OpenAPI 3.0 (checked by openapi-spec-validator in the tests).
enum OpenAPIDocument {
    static let text = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "dims serve",
    "version": "1",
    "description": "Read-only answers from a project's event log: no request measures, moves a baseline or decides an approval. Times are YYYY-MM-DD (the end of that day), ISO 8601, or relative ages (7d, 2w, 3m). When the server has a token, every request carries 'Authorization: Bearer TOKEN' or the cookie set by '/?token=TOKEN'."
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
        "required": ["generated", "root", "summary", "metrics", "pending_approvals"],
        "properties": {
          "generated": {"type": "string", "format": "date-time"},
          "root": {"type": "string"},
          "summary": {"type": "object", "properties": {"total": {"type": "integer"}, "ok": {"type": "integer"}, "drifted": {"type": "integer"}, "errors": {"type": "integer"}, "new": {"type": "integer"}}},
          "metrics": {"type": "array", "items": {"$ref": "#/components/schemas/MetricRow"}},
          "pending_approvals": {"type": "array", "items": {"type": "object"}},
          "recommendations": {"type": "array", "description": "What 'dims recommend' suggests from the same rows.", "items": {"type": "object", "properties": {"rule": {"type": "string"}, "metrics": {"type": "array", "items": {"type": "string"}}, "message": {"type": "string"}, "evidence": {"type": "object"}}}}
        }
      },
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
          "last_observed": {"type": "string", "nullable": true}, "metrics": {"type": "array", "items": {"type": "string"}}}}}}}}
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
