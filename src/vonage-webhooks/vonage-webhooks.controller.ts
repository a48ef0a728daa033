import { applyDecorators, Controller, HttpCode, HttpStatus, Logger, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { Public } from '../common/decorators/public.decorator';
import { SmsOptOutsService } from '../sms/opt-outs/sms-opt-outs.service';
import { SmsDeliveryReceiptsService } from '../sms/receipts/sms-delivery-receipts.service';
import { VonageDeliveryReceiptDto } from './dto/vonage-delivery-receipt.dto';
import { VonageInboundSmsDto } from './dto/vonage-inbound-sms.dto';
import { VerifiedVonageParams } from './verified-vonage-params.decorator';
import { readDeliveryReceipt } from './vonage-delivery-receipt';
import { readInboundSms } from './vonage-inbound-sms';
import type { VonageParams } from './vonage-params';
import { VonageSignatureGuard } from './vonage-signature.guard';

const AUTH =
  'Signed with VONAGE_SIGNATURE_SECRET when it is set (the path token is then not needed), else authenticated by the VONAGE_WEBHOOK_TOKEN path token.';

/** A webhook route, with its secret-path-token twin documented the same way. */
const VonageRoute = (path: string, summary: string, body: new () => object, withToken: boolean) =>
  applyDecorators(
    Post(withToken ? `${path}/:token` : path),
    HttpCode(HttpStatus.NO_CONTENT),
    ApiOperation({ summary, description: AUTH }),
    ApiConsumes('application/json', 'application/x-www-form-urlencoded'),
    ApiBody({ type: body }),
    ...(withToken ? [ApiParam({ name: 'token', type: String, description: 'VONAGE_WEBHOOK_TOKEN' })] : []),
  );

const DeliveryReceiptRoute = (withToken: boolean) =>
  applyDecorators(
    VonageRoute('delivery-receipt', 'Vonage SMS delivery receipt', VonageDeliveryReceiptDto, withToken),
    ApiNoContentResponse({
      description: 'Received: applied, or ignored (a duplicate, out of order, or for no known text)',
    }),
    ApiServiceUnavailableResponse({
      description: 'The text is still being handed to Vonage: Vonage sends the receipt again later',
    }),
  );

const InboundRoute = (withToken: boolean) =>
  applyDecorators(
    VonageRoute(
      'inbound',
      'Vonage inbound SMS: STOP-style keywords opt the sender out, START/UNSTOP back in',
      VonageInboundSmsDto,
      withToken,
    ),
    ApiNoContentResponse({
      description: 'Received: recorded, or ignored (not a keyword, a re-delivery, or older than the last change)',
    }),
  );

/**
 * Where Vonage's SMS API reports on our texts and forwards texts sent to our number. Vonage
 * re-sends anything not answered 2xx, so everything it sends is answered 204, applied or not;
 * only a failed authentication (401), a receipt that came too early (503) or a database
 * failure (500) make it try again.
 */
@Public()
@UseGuards(VonageSignatureGuard)
@ApiTags('vonage webhooks')
@ApiUnauthorizedResponse({
  description:
    'Not signed with VONAGE_SIGNATURE_SECRET (or the timestamp is over 5 minutes off), or a wrong path token',
})
@Controller('webhooks/vonage')
export class VonageWebhooksController {
  private readonly logger = new Logger(VonageWebhooksController.name);

  constructor(
    private readonly receipts: SmsDeliveryReceiptsService,
    private readonly optOuts: SmsOptOutsService,
  ) {}

  @DeliveryReceiptRoute(false)
  deliveryReceipt(
    @VerifiedVonageParams() params: VonageParams,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    return this.receiveDeliveryReceipt(params, response);
  }

  @DeliveryReceiptRoute(true)
  deliveryReceiptWithToken(
    @VerifiedVonageParams() params: VonageParams,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    return this.receiveDeliveryReceipt(params, response);
  }

  @InboundRoute(false)
  inbound(@VerifiedVonageParams() params: VonageParams): Promise<void> {
    return this.receiveInbound(params);
  }

  @InboundRoute(true)
  inboundWithToken(@VerifiedVonageParams() params: VonageParams): Promise<void> {
    return this.receiveInbound(params);
  }

  private async receiveDeliveryReceipt(params: VonageParams, response: Response): Promise<void> {
    const receipt = readDeliveryReceipt(params, new Date());
    if (!receipt) {
      this.logger.warn('A Vonage delivery receipt without a known status or message id; ignored');
      return;
    }
    // Expected, and not an error: Vonage retries, by when our row says the text was sent.
    if ((await this.receipts.apply(receipt)) === 'too-early')
      response.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', '60');
  }

  private async receiveInbound(params: VonageParams): Promise<void> {
    const sms = readInboundSms(params, new Date());
    if (!sms) {
      this.logger.log('An inbound SMS from a sender that is not a phone number; ignored');
      return;
    }
    await this.optOuts.recordInbound(sms);
  }
}
