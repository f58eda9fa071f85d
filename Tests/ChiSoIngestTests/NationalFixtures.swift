/// Answers of the portal's evaluation API written by hand from DOMAIN §7.1, one per endpoint, with nulls, a
/// data-quality remark, tracking codes, and a unit the province system does not know ("Ban Quản lý dự án X").
enum NationalFixtures {
    static let province = "5f1c2a90-0000-4000-8000-000000000044"
    static let justice = "7a3e0c11-0000-4000-8000-000000004407"
    static let commune = "9b2d4e55-0000-4000-8000-000000044100"
    static let unknown = "c0ffee00-0000-4000-8000-000000000999"

    static let transparency = """
        {
          "code": "OK",
          "data": {
            "overview": {
              "departmentId": "\(province)", "departmentName": "Tỉnh Mẫu Sơn", "departmentType": "ADMINISTRATIVE_UNIT",
              "departmentLevel": "PROVINCE", "totalScore": 16.42, "totalMaxScore": 18, "ratio": 91.22, "scoreDelta": -0.35,
              "metrics": [
                {"code": "PUBLISH_ON_TIME", "name": "TTHC công bố đúng hạn", "numerator": 118, "denominator": 120, "ratio": 98.33, "score": 5.9, "maxScore": 6},
                {"code": "PUBLIC_UPDATE_ON_TIME", "name": "Cập nhật đúng hạn", "numerator": 400, "denominator": 412, "ratio": 97.09, "score": 3.88, "maxScore": 4},
                {"code": "PUBLIC_CONTENT_FULL", "name": "Công khai đầy đủ", "numerator": null, "denominator": null, "ratio": null, "score": null, "maxScore": 2,
                 "dataQualityStatus": "MISSING", "dataQualityMessage": "Chưa có dữ liệu đánh giá"},
                {"code": "DOSSIER_SYNC", "name": "Đồng bộ hồ sơ", "numerator": 15230, "denominator": 15870, "ratio": 95.97, "score": 5.76, "maxScore": 6}
              ]
            },
            "evaluation": [
              {
                "departmentId": "\(justice)", "departmentName": "Sở Tư pháp - Tỉnh Mẫu Sơn", "departmentType": "DEPARTMENT",
                "departmentLevel": "PROVINCE", "totalScore": 17.1, "totalMaxScore": 18, "ratio": 95, "scoreDelta": 0.4,
                "metrics": [
                  {"code": "DOSSIER_SYNC", "name": "Đồng bộ hồ sơ", "numerator": 980, "denominator": 1000, "ratio": 98, "score": 5.88, "maxScore": 6}
                ]
              },
              {
                "departmentId": "\(unknown)", "departmentName": "Ban Quản lý dự án X", "departmentType": "DEPARTMENT",
                "departmentLevel": "PROVINCE", "totalScore": null, "totalMaxScore": 18, "ratio": null, "scoreDelta": null, "metrics": []
              }
            ],
            "pagination": {"currentPage": 1, "pageSize": 200, "totalItems": 2, "totalPages": 1}
          }
        }
        """

    static let timeliness = """
        {"code": "OK", "data": {
          "parent": {"departmentId": "\(province)", "departmentName": "Tỉnh Mẫu Sơn", "departmentCode": "H44", "totalReceived": 15870,
                     "totalOnTime": 15102, "totalCompleted": 15500, "avgProcessingDays": 3.41, "ratio": 97.43, "totalScore": 19.49, "totalMaxScore": 20},
          "children": [
            {"departmentId": "\(justice)", "departmentName": "Sở Tư pháp - Tỉnh Mẫu Sơn", "departmentCode": "H44.07", "level": "PROVINCE",
             "totalReceived": 1000, "totalOnTime": 990, "totalOverdue": 10, "avgProcessingDays": 2.5, "ratio": 99, "score": 19.8, "maxScore": 20, "scoreDelta": 0.2},
            {"departmentId": "\(commune)", "departmentName": "UBND xã An Bình", "departmentCode": "H44.100", "level": "COMMUNE",
             "totalReceived": 0, "totalOnTime": 0, "totalOverdue": 0, "avgProcessingDays": null, "ratio": null, "score": null, "maxScore": 20, "scoreDelta": null}
          ],
          "monthlyChart": [{"month": 7, "ratio": 96.1}, {"month": 8, "ratio": 97.43}]
        }}
        """

    static let onlineService = """
        {"code": "OK", "data": {
          "parent": {"departmentId": "\(province)", "departmentName": "Tỉnh Mẫu Sơn", "departmentCode": "H44", "totalScore": 10.5, "totalMaxScore": 12,
                     "ratio": 87.5, "authorityCount": 1650, "partialCount": 700, "fullCount": 800, "onlineDossierCount": 9100,
                     "onlineServiceTotal": 1500, "channelOnlineSum": 9100, "channelDirectSum": 6500, "channelPostalSum": 270,
                     "channelTotalSum": 15870, "onlineOnTimeSum": 8900, "onlineOverdueSum": null},
          "children": [
            {"departmentId": "\(justice)", "departmentName": "Sở Tư pháp - Tỉnh Mẫu Sơn", "departmentCode": "H44.07", "level": "PROVINCE",
             "totalScore": 11.2, "totalMaxScore": 12, "ratio": 93.33, "scoreDelta": 1.1}
          ]
        }}
        """

    static let onlinePayment = """
        {"code": "OK", "data": {
          "parent": {"departmentId": "\(province)", "departmentName": "Tỉnh Mẫu Sơn", "departmentCode": "H44", "totalScore": 7.25, "totalMaxScore": 10,
                     "ratio": 72.5, "totalDossierOnlinePaymentSuccess": 4200, "totalDossierFinancialObligation": 6000,
                     "totalDossierOnlineFormalityPaymentSuccess": 310, "totalFeeDossierFormality": 400, "totalFeeDossierFormalityDistinct": 380,
                     "totalFeeFormality": 420},
          "children": [
            {"departmentId": "\(commune)", "departmentName": "UBND xã An Bình", "departmentCode": "H44.100", "level": "COMMUNE",
             "totalDossierOnlinePaymentSuccess": null, "totalDossierFinancialObligation": 0, "totalDossierOnlineFormalityPaymentSuccess": 0,
             "totalFeeDossierFormality": 3, "totalFeeDossierFormalityDistinct": 3, "totalFeeFormality": 3,
             "totalScore": 4, "totalMaxScore": 10, "ratio": 40, "scoreDelta": null}
          ]
        }}
        """

    static let digitization = """
        {"code": "OK", "data": {
          "overview": {"departmentId": "\(province)", "departmentName": "Tỉnh Mẫu Sơn", "departmentCode": "H44", "departmentType": "ADMINISTRATIVE_UNIT",
                       "departmentLevel": "PROVINCE", "totalScore": 18.9, "totalMaxScore": 22, "ratio": 85.91, "scoreDelta": 0.9, "metrics": [
            {"code": "ORIGINAL_RESULT_AVAILABLE", "name": "Kết quả điện tử", "numerator": 14000, "denominator": 15500, "ratio": 90.32, "score": 5.42, "maxScore": 6},
            {"code": "SO_HOA_GIAY_TO_GIAI_QUYET", "name": "Số hóa hồ sơ", "numerator": 12000, "denominator": 15870, "ratio": 75.61, "score": 3.02, "maxScore": 4},
            {"code": "ELECTRONIC_CERTIFIED_COPY", "name": "Chứng thực điện tử", "numerator": null, "denominator": null, "ratio": null, "score": 2, "maxScore": 2}
          ]},
          "evaluation": [
            {"departmentId": "\(justice)", "departmentName": "Sở Tư pháp - Tỉnh Mẫu Sơn", "departmentCode": "H44.07", "departmentType": "DEPARTMENT",
             "departmentLevel": "PROVINCE", "totalScore": 20.1, "totalMaxScore": 22, "ratio": 91.36, "scoreDelta": null, "metrics": [
              {"code": "REUSED_DIGITIZED_DATA", "name": "Tái sử dụng", "numerator": 30, "denominator": 100, "ratio": 30, "score": 0.75, "maxScore": 2}
            ]}
          ],
          "pagination": {"currentPage": 1, "pageSize": 200, "totalItems": 1, "totalPages": 1}
        }}
        """

    static let satisfaction = """
        {"code": "OK", "data": {
          "overview": {"departmentId": "\(province)", "departmentName": "Tỉnh Mẫu Sơn", "departmentType": "ADMINISTRATIVE_UNIT", "departmentLevel": "PROVINCE",
                       "totalScore": 16.8, "totalMaxScore": 18, "ratio": 93.33, "scoreDelta": 0, "totalPetitions": 85, "classifiedPetitions": 80,
                       "totalDossiers": 15870, "metrics": [
            {"code": "PETITION_PROCESSING_ON_TIME", "name": "PAKN đúng hạn", "numerator": 80, "denominator": 85, "ratio": 94.12, "score": 5.65, "maxScore": 6},
            {"code": "PETITION_HANDLING_SATISFACTION", "name": "Hài lòng PAKN", "numerator": 70, "denominator": 80, "ratio": 87.5, "score": 5.25, "maxScore": 6},
            {"code": "DOSSIER_RECEIVING_SATISFACTION", "name": "Hài lòng TTHC", "numerator": 5000, "denominator": 5200, "ratio": 96.15, "score": 5.9, "maxScore": 6},
            {"code": "PETITION_CLASSIFICATION_TTHC", "name": "Phân loại PAKN về TTHC", "numerator": 40, "denominator": 85, "ratio": 47.06, "score": 0, "maxScore": 0},
            {"code": "PETITION_CLASSIFICATION_STAFF", "name": "Phân loại PAKN về cán bộ", "numerator": 5, "denominator": 85, "ratio": 5.88, "score": 0, "maxScore": 0}
          ]},
          "evaluation": [],
          "pagination": {"currentPage": 1, "pageSize": 200, "totalItems": 0, "totalPages": 0}
        }}
        """

    static let serviceResults = """
        {"code": "OK", "data": [
          {"departmentId": "\(province)", "departmentName": "Tỉnh Mẫu Sơn", "departmentCode": "H44", "departmentType": "ADMINISTRATIVE_UNIT",
           "totalScore": 89.36, "groupScores": {"CKMB": 16.42, "TDGQ": 19.49, "CLGQ": 10.5, "TTTT": 7.25, "MDSH": 18.9, "MDHL": 16.8}},
          {"departmentId": "11111111-0000-4000-8000-000000000001", "departmentName": "Thành phố Hà Nội", "departmentCode": "H01",
           "departmentType": "ADMINISTRATIVE_UNIT", "totalScore": 91.02, "groupScores": {"CKMB": 17, "TDGQ": 19.9, "CLGQ": 11, "TTTT": 8, "MDSH": 19.12, "MDHL": null}},
          {"departmentId": "22222222-0000-4000-8000-000000000002", "departmentName": "Tỉnh Cà Mau", "departmentCode": "H96",
           "departmentType": "ADMINISTRATIVE_UNIT", "totalScore": null, "groupScores": {"CKMB": 15}}
        ]}
        """

    static var all: [String] { [transparency, timeliness, onlineService, onlinePayment, digitization, satisfaction, serviceResults] }
}
