import DIMSCore
@testable import DIMSS3
import Testing

struct S3SettingsTests {
    let files = AWSSharedFiles(
        credentials: AWSSharedFiles.parse("[default]\naws_access_key_id = AKDEFAULT\naws_secret_access_key = s1\n[data]\n"
                                          + "aws_access_key_id=AKDATA\naws_secret_access_key=s2\naws_session_token=t2\n", profilePrefix: false),
        config: AWSSharedFiles.parse("[default]\nregion = us-west-2\n[profile data]\nregion = eu-west-1\ns3 =\n  addressing_style = path\n"
                                     + "endpoint_url = http://127.0.0.1:9000/\n", profilePrefix: true))

    @Test func environmentKeysWinOverTheDefaultProfile() throws {
        let env = ["AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "senv", "AWS_SESSION_TOKEN": "tenv", "AWS_DEFAULT_REGION": "ap-south-1"]
        let settings = try S3Settings.resolve(.init(), environment: env, files: files)
        #expect(settings.credentials == S3Credentials(accessKeyID: "AKENV", secretAccessKey: "senv", sessionToken: "tenv"))
        #expect(settings.region == "ap-south-1")
        #expect(settings.endpoint == "https://s3.ap-south-1.amazonaws.com")
        #expect(!settings.pathStyle)
        #expect(settings.listURL(bucket: "lake", query: "list-type=2") == "https://lake.s3.ap-south-1.amazonaws.com/?list-type=2")
    }

    @Test func namedProfileGivesKeysRegionAndPathStyleEndpoint() throws {
        let settings = try S3Settings.resolve(.init(profile: "data"), environment: ["AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "x"], files: files)
        #expect(settings.credentials == S3Credentials(accessKeyID: "AKDATA", secretAccessKey: "s2", sessionToken: "t2"))
        #expect(settings.region == "eu-west-1")
        #expect(settings.listURL(bucket: "lake", query: "list-type=2") == "http://127.0.0.1:9000/lake?list-type=2")
    }

    @Test func metricOverridesWinOverTheEnvironment() throws {
        let env = ["AWS_REGION": "us-east-2", "AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_S3": "http://b:2"]
        let settings = try S3Settings.resolve(.init(endpoint: "http://c:3", region: "sa-east-1"), environment: env, files: files)
        #expect(settings.endpoint == "http://c:3")
        #expect(settings.region == "sa-east-1")
        let fromEnvironment = try S3Settings.resolve(.init(), environment: env, files: files)
        #expect(fromEnvironment.endpoint == "http://b:2")
        #expect(fromEnvironment.region == "us-east-2")
    }

    /// Moving to another region moves an AWS endpoint with it, and leaves a custom endpoint where it is.
    @Test func regionMoveFollowsAWSEndpointsOnly() throws {
        let aws = try S3Settings.resolve(.init(region: "us-east-1"), environment: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S"], files: files)
        #expect(aws.inRegion("eu-west-1").endpoint == "https://s3.eu-west-1.amazonaws.com")
        let custom = try S3Settings.resolve(.init(profile: "data"), environment: [:], files: files)
        #expect(custom.inRegion("us-east-1").endpoint == "http://127.0.0.1:9000")
        #expect(custom.inRegion("us-east-1").region == "us-east-1")
    }

    @Test func unknownProfileIsAnError() {
        let error = #expect(throws: S3Error.self) { try S3Settings.resolve(.init(profile: "nope"), environment: [:], files: files) }
        #expect(error?.code == .missingCredentials)
        #expect(error?.message == "The AWS profile 'nope' is not in the AWS config or credentials file")
    }

    @Test func credentialsNeverPrintTheirSecret() {
        let credentials = S3Credentials(accessKeyID: "AKID", secretAccessKey: "very-secret", sessionToken: "token-secret")
        #expect(!"\(credentials)".contains("very-secret"))
        #expect(!String(reflecting: credentials).contains("token-secret"))
        let error = S3Error(code: .service, message: "bad very-secret and token-secret").redacting(credentials.secrets)
        #expect(error.message == "bad *** and ***")
    }

    @Test func queryValuesAreEncodedForSigning() {
        #expect(S3Lister.uriEncode("a b+c/é~=") == "a%20b%2Bc%2F%C3%A9~%3D")
    }
}

struct S3SourceConfigTests {
    @Test func configMapSetsDefaultsRetriesAndConcurrency() throws {
        let config = ConfigValue.map([("endpoint", .string("http://127.0.0.1:9000")), ("region", .string("eu-west-1")),
                                      ("max_attempts", .integer(3)), ("concurrency", .integer(2))])
        let source = try S3Source(config: config)
        #expect(source.defaults == S3Settings.Overrides(endpoint: "http://127.0.0.1:9000", region: "eu-west-1"))
        #expect(source.retry.maxAttempts == 3)
        #expect(source.concurrency == 2)
        #expect(try S3Source(config: nil).retry.maxAttempts == 5)
    }

    @Test func nonNumericAttemptsAreAnError() {
        let error = #expect(throws: S3Error.self) { try S3Source(config: .map([("max_attempts", .string("many"))])) }
        #expect(error?.message == "The S3 setting 'max_attempts' must be a positive whole number, not 'many'")
    }
}
